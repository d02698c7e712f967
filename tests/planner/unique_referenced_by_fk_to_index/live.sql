CREATE TABLE countries (id int PRIMARY KEY, iso text NOT NULL CONSTRAINT countries_iso_key UNIQUE);
CREATE TABLE cities (id int PRIMARY KEY, country_iso text NOT NULL REFERENCES countries (iso));
INSERT INTO countries VALUES (1, 'NO'), (2, 'SE');
INSERT INTO cities VALUES (1, 'NO'), (2, 'SE');
