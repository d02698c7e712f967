CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO accounts SELECT i, 'account ' || i FROM generate_series(1, 2000) AS i;
