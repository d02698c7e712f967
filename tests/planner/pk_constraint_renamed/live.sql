CREATE TABLE codes (code text CONSTRAINT codes_pk PRIMARY KEY, label text);
INSERT INTO codes VALUES ('a', 'A');
