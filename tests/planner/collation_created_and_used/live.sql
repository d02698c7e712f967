CREATE TABLE names (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO names VALUES (1, 'b'), (2, 'A');
