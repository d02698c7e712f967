-- phase: expand
-- RENAME COLUMN [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
ALTER TABLE "public"."customers" RENAME COLUMN "full_name" TO "display_name";
