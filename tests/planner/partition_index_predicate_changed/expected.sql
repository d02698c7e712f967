-- phase: contract
-- DROP INDEX + CREATE INDEX [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, BLOCKS_WRITES, INDEX_BUILD]
DROP INDEX "public"."events_kind_idx";
CREATE INDEX events_kind_idx ON public.events USING btree (kind) WHERE kind <> 'noise'::text;
