CREATE TABLE vehicles (id int PRIMARY KEY, name text NOT NULL, payload int);
CREATE TABLE trucks () INHERITS (vehicles);
