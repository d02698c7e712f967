CREATE TABLE people (id int PRIMARY KEY, first text NOT NULL, last text NOT NULL, full_name text GENERATED ALWAYS AS (last || ', ' || first) VIRTUAL);
