-- phase: expand
-- CREATE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE INDEX CONCURRENTLY events_2026_kind_idx ON public.events_2026 USING btree (kind);
-- CREATE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE INDEX CONCURRENTLY events_2027_kind_idx ON public.events_2027 USING btree (kind);
-- CREATE INDEX [SHARE, tx]
CREATE INDEX events_kind_idx ON ONLY public.events USING btree (kind);
-- ALTER INDEX [SHARE UPDATE EXCLUSIVE, tx]
ALTER INDEX "public"."events_kind_idx" ATTACH PARTITION "public"."events_2026_kind_idx";
-- ALTER INDEX [SHARE UPDATE EXCLUSIVE, tx]
ALTER INDEX "public"."events_kind_idx" ATTACH PARTITION "public"."events_2027_kind_idx";
