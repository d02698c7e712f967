CREATE TABLE codes (code text PRIMARY KEY, label text);
