CREATE TABLE vehicles (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE trucks (payload int) INHERITS (vehicles);
