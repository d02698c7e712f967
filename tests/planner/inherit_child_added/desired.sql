CREATE TABLE vehicles (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE boats (draft numeric) INHERITS (vehicles);
