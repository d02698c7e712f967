CREATE TABLE codes (code text, label text);
