CREATE TABLE tags (id bigint PRIMARY KEY, label text NOT NULL);
INSERT INTO tags SELECT i, 't' || i FROM generate_series(1, 200) AS i;
