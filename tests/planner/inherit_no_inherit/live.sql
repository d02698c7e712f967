CREATE TABLE vehicles (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE trucks (payload int) INHERITS (vehicles);
-- the child stays empty: the harness counts the parent's rows with its children's
INSERT INTO vehicles VALUES (1, 'bike'), (2, 'car');
