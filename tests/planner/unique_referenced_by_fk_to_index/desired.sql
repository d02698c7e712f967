CREATE TABLE countries (id int PRIMARY KEY, iso text NOT NULL);
        CREATE UNIQUE INDEX countries_iso_key ON countries (iso);
        CREATE TABLE cities (id int PRIMARY KEY, country_iso text NOT NULL REFERENCES countries (iso));
