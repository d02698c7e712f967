-- phase: expand
-- ALTER TABLE RENAME CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."users" RENAME CONSTRAINT "age_positive" TO "users_age_check";
-- ALTER TABLE RENAME CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."users" RENAME CONSTRAINT "users_email_uq" TO "users_email_key";
