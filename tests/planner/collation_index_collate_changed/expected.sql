-- phase: expand
-- CREATE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE INDEX CONCURRENTLY names_name_c__sw_new ON public.names USING btree (name COLLATE "POSIX");
-- DROP INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx]
DROP INDEX CONCURRENTLY "public"."names_name_c";
-- RENAME INDEX [SHARE UPDATE EXCLUSIVE, tx]
ALTER INDEX "public"."names_name_c__sw_new" RENAME TO "names_name_c";
