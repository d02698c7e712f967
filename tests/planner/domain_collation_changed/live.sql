CREATE DOMAIN code AS text CHECK (VALUE <> '');
CREATE TABLE labels (id bigint PRIMARY KEY, code code NOT NULL);
