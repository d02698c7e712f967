-- phase: expand
-- RENAME TABLE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
ALTER TABLE "public"."people" RENAME TO "members";
-- RENAME CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."members" RENAME CONSTRAINT "people_pkey" TO "members_pkey";
-- RENAME CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."members" RENAME CONSTRAINT "people_team_id_fkey" TO "members_team_id_fkey";
