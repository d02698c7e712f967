-- phase: contract
-- ALTER TABLE NO INHERIT [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, destructive]
ALTER TABLE "public"."trucks" NO INHERIT "public"."vehicles";
ALTER TABLE "public"."trucks" ALTER COLUMN "id" DROP NOT NULL;
