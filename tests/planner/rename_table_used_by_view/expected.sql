-- phase: expand
-- RENAME TABLE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
ALTER TABLE "public"."people" RENAME TO "users";
-- RENAME CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."users" RENAME CONSTRAINT "people_pkey" TO "users_pkey";
