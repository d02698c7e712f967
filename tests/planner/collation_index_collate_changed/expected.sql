-- phase: expand
-- CREATE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE INDEX CONCURRENTLY names_name_c__sw_new ON public.names USING btree (name COLLATE "POSIX");

-- phase: contract
-- DROP INDEX + RENAME INDEX (swap) [ACCESS EXCLUSIVE, tx, destructive]
DROP INDEX "public"."names_name_c";
ALTER INDEX "public"."names_name_c__sw_new" RENAME TO "names_name_c";
