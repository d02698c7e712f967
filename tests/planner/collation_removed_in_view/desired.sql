CREATE TABLE names (id int PRIMARY KEY, name text NOT NULL);
        CREATE VIEW sorted_names AS SELECT name FROM names ORDER BY name;
