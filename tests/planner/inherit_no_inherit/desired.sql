CREATE TABLE vehicles (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE trucks (id int, name text NOT NULL, payload int);
