CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL);
INSERT INTO users (email) SELECT 'user' || i || '@example.com' FROM generate_series(1, 2000) AS i;
