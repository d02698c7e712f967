CREATE TABLE codes (code text PRIMARY KEY, label text);
INSERT INTO codes VALUES ('a', 'A'), ('b', 'B');
