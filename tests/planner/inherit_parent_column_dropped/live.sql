CREATE TABLE vehicles (id int PRIMARY KEY, name text NOT NULL, colour text);
CREATE TABLE trucks (payload int) INHERITS (vehicles);
INSERT INTO vehicles VALUES (1, 'bike', 'red'); INSERT INTO trucks VALUES (2, 'lorry', 'blue', 10);
