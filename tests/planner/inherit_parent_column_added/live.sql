CREATE TABLE vehicles (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE trucks (payload int) INHERITS (vehicles);
INSERT INTO vehicles VALUES (1, 'bike'); INSERT INTO trucks VALUES (2, 'lorry', 10);
