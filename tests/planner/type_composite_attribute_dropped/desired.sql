CREATE TYPE address AS (street text, city text);
        CREATE TABLE people (id int PRIMARY KEY, home address);
