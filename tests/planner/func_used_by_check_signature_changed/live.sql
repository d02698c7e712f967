CREATE FUNCTION valid_code(c text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT c ~ '^[A-Z]{3}$' $$;
CREATE TABLE products (id int PRIMARY KEY, code text NOT NULL CONSTRAINT code_valid CHECK (valid_code(code)));
INSERT INTO products VALUES (1, 'ABC'), (2, 'XYZ');
