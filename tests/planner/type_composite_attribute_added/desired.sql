CREATE TYPE address AS (street text, city text, zip text);
        CREATE TABLE people (id int PRIMARY KEY, home address);
