CREATE TABLE animals (id bigint PRIMARY KEY, name text NOT NULL, wings int);
CREATE TABLE birds (PRIMARY KEY (id)) INHERITS (animals);
INSERT INTO animals SELECT i, 'a' || i, NULL FROM generate_series(1, 100) AS i;
INSERT INTO birds SELECT i, 'b' || i, 2 FROM generate_series(101, 200) AS i;
