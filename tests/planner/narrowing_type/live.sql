CREATE TABLE customers (id bigint PRIMARY KEY, country_code text NOT NULL);
INSERT INTO customers SELECT i, (ARRAY['NL','DE','FR','BE'])[1 + i % 4] FROM generate_series(1, 2000) AS i;
