CREATE TYPE pair AS (a int, b int, c int);
        CREATE FUNCTION swap(p pair) RETURNS pair LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(p.b, p.a, p.c)::pair $$;
