CREATE TABLE sales (id bigint PRIMARY KEY, day date NOT NULL, amount integer NOT NULL);
INSERT INTO sales SELECT g, date '2026-01-01' + g % 30, g % 100 FROM generate_series(1, 500) g;
