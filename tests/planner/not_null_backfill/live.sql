CREATE TABLE users (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, email text NOT NULL, phone text);
INSERT INTO users (email, phone) SELECT 'u' || i || '@example.com', CASE WHEN i % 2 = 0 THEN '+1-555-' || i END FROM generate_series(1, 2500) AS i;
