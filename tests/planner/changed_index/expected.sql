-- phase: expand
-- CREATE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE INDEX CONCURRENTLY orders_created_idx__sw_new ON public.orders USING btree (status, created_at);
-- DROP INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx]
DROP INDEX CONCURRENTLY "public"."orders_created_idx";
-- RENAME INDEX [SHARE UPDATE EXCLUSIVE, tx]
ALTER INDEX "public"."orders_created_idx__sw_new" RENAME TO "orders_created_idx";
