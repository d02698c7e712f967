CREATE TYPE money_amount AS (units bigint, currency text);
CREATE TABLE payments (id int PRIMARY KEY, cents int NOT NULL, amount money_amount);
CREATE FUNCTION in_euros(c int) RETURNS money_amount LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(c / 100, 'EUR')::money_amount $$;
CREATE VIEW payment_euros AS SELECT id, in_euros(cents) AS euros FROM payments;
REVOKE EXECUTE ON FUNCTION in_euros(int) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION in_euros(int) TO sw_fx_type_composite_swap_with_function;
GRANT SELECT ON payment_euros TO sw_fx_type_composite_swap_with_function;
