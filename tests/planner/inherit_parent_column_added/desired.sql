CREATE TABLE vehicles (id int PRIMARY KEY, name text NOT NULL, wheels int);
CREATE TABLE trucks (payload int) INHERITS (vehicles);
