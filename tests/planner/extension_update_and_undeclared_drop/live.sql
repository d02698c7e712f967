CREATE EXTENSION pg_trgm VERSION '1.3';
CREATE EXTENSION hstore;
CREATE TABLE notes (id bigint PRIMARY KEY, body text NOT NULL);
INSERT INTO notes SELECT i, 'note ' || i FROM generate_series(1, 200) AS i;
