CREATE SCHEMA catalogue;
CREATE COLLATION catalogue.bytewise (provider = libc, locale = 'C');
CREATE TABLE catalogue.artists (id bigint PRIMARY KEY, name text NOT NULL, sort_name text);
INSERT INTO catalogue.artists VALUES (1, 'b', 'b'), (2, 'A', 'A');
