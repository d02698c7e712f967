CREATE TABLE vehicles (id int PRIMARY KEY, name text NOT NULL, payload int);
CREATE TABLE trucks () INHERITS (vehicles);
INSERT INTO vehicles VALUES (1, 'bike', NULL); INSERT INTO trucks VALUES (2, 'lorry', 10);
