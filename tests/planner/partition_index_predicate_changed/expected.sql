-- phase: expand
-- CREATE INDEX [SHARE, tx]
CREATE INDEX events_kind_idx__sw_new ON ONLY public.events USING btree (kind) WHERE kind <> 'noise'::text;
-- CREATE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE INDEX CONCURRENTLY events_2026_kind_idx__sw_new ON public.events_2026 USING btree (kind) WHERE kind <> 'noise'::text;
-- ALTER INDEX [SHARE UPDATE EXCLUSIVE, tx]
ALTER INDEX "public"."events_kind_idx__sw_new" ATTACH PARTITION "public"."events_2026_kind_idx__sw_new";
-- DROP INDEX + RENAME INDEX [ACCESS EXCLUSIVE, tx]
DROP INDEX "public"."events_kind_idx";
ALTER INDEX "public"."events_kind_idx__sw_new" RENAME TO "events_kind_idx";
ALTER INDEX "public"."events_2026_kind_idx__sw_new" RENAME TO "events_2026_kind_idx";
