CREATE TYPE money_amount AS (units int, currency text);
CREATE TABLE payments (id int PRIMARY KEY, amount money_amount);
INSERT INTO payments VALUES (1, ROW(10, 'EUR')), (2, ROW(20, 'USD'));
