-- phase: expand
-- RENAME COLUMN [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
ALTER TABLE "public"."players" RENAME COLUMN "team" TO "team_id";
