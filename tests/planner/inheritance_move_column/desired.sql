CREATE TABLE animals (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE birds (wings int, PRIMARY KEY (id)) INHERITS (animals);
