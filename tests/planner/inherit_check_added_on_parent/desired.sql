CREATE TABLE vehicles (id int PRIMARY KEY, name text NOT NULL, CONSTRAINT name_not_blank CHECK (name <> ''));
CREATE TABLE trucks (payload int) INHERITS (vehicles);
