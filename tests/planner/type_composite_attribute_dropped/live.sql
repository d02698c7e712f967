CREATE TYPE address AS (street text, city text, fax text);
CREATE TABLE people (id int PRIMARY KEY, home address);
INSERT INTO people VALUES (1, ROW('Main St', 'Oslo', NULL));
