CREATE TABLE vehicles (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO vehicles VALUES (1, 'bike');
