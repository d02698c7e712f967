CREATE DOMAIN code AS text;
CREATE TABLE items (id int PRIMARY KEY, c code);
INSERT INTO items VALUES (1, 'x'), (2, 'y');
