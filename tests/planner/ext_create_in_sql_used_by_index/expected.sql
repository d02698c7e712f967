-- phase: expand
-- CREATE EXTENSION [NONE, tx]
CREATE EXTENSION IF NOT EXISTS "pg_trgm" VERSION '1.6';
-- CREATE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE INDEX CONCURRENTLY articles_title_trgm ON public.articles USING gin (title gin_trgm_ops);
