-- phase: constrain
-- ALTER TABLE ADD UNIQUE USING INDEX [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."users" ADD CONSTRAINT "users_email_key" UNIQUE USING INDEX "users_email_key";
