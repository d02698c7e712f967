CREATE FUNCTION valid_code(c text, max_len int) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT length(c) <= max_len AND c ~ '^[A-Z]+$' $$;
        CREATE TABLE products (id int PRIMARY KEY, code text NOT NULL CONSTRAINT code_valid CHECK (valid_code(code, 4)));
