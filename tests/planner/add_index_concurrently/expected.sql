-- phase: expand
-- CREATE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE INDEX CONCURRENTLY orders_pending_idx ON public.orders USING btree (created_at) WHERE status = 'pending'::text;
