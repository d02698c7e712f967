-- phase: expand
-- CREATE UNIQUE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE UNIQUE INDEX CONCURRENTLY users_email_key__sw_new ON public.users USING btree (tenant, email);

-- phase: constrain
-- ALTER TABLE DROP CONSTRAINT + ALTER TABLE ADD UNIQUE USING INDEX [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."users" DROP CONSTRAINT "users_email_key";
ALTER TABLE "public"."users" ADD CONSTRAINT "users_email_key" UNIQUE USING INDEX "users_email_key__sw_new";
