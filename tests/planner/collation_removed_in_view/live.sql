CREATE TABLE names (id int PRIMARY KEY, name text COLLATE "C" NOT NULL);
INSERT INTO names VALUES (1, 'b'), (2, 'A');
CREATE VIEW sorted_names AS SELECT name FROM names ORDER BY name;
