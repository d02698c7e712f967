CREATE TYPE pair AS (a int, b int);
CREATE FUNCTION swap(p pair) RETURNS pair LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(p.b, p.a)::pair $$;
