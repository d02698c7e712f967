-- phase: expand
-- CREATE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE INDEX CONCURRENTLY events_2025_kind_at_idx ON public.events_2025 USING btree (kind, at);
-- CREATE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE INDEX CONCURRENTLY events_2026_kind_at_idx ON public.events_2026 USING btree (kind, at);
-- CREATE INDEX [SHARE, tx]
CREATE INDEX events_kind_idx ON ONLY public.events USING btree (kind, at);
-- ALTER INDEX [SHARE UPDATE EXCLUSIVE, tx]
ALTER INDEX "public"."events_kind_idx" ATTACH PARTITION "public"."events_2025_kind_at_idx";
-- ALTER INDEX [SHARE UPDATE EXCLUSIVE, tx]
ALTER INDEX "public"."events_kind_idx" ATTACH PARTITION "public"."events_2026_kind_at_idx";
