CREATE TABLE codes (code text CONSTRAINT codes_pkey PRIMARY KEY, label text);
