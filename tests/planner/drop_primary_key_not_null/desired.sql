CREATE TABLE tags (id bigint, label text NOT NULL);
