-- phase: expand
-- CREATE UNIQUE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE UNIQUE INDEX CONCURRENTLY users_email_key__sw_new ON public.users USING btree (email);

-- phase: contract
-- DROP CONSTRAINT + RENAME INDEX (swap) [ACCESS EXCLUSIVE, tx, destructive]
ALTER TABLE "public"."users" DROP CONSTRAINT "users_email_key";
ALTER INDEX "public"."users_email_key__sw_new" RENAME TO "users_email_key";
