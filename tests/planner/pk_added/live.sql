CREATE TABLE codes (code text NOT NULL, label text);
INSERT INTO codes VALUES ('a', 'A'), ('b', 'B');
