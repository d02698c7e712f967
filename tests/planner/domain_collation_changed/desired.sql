CREATE COLLATION bytewise (provider = libc, locale = 'C');
CREATE DOMAIN code AS text COLLATE bytewise CHECK (VALUE <> '');
CREATE TABLE labels (id bigint PRIMARY KEY, code code NOT NULL);
