-- phase: contract
-- ALTER TABLE DROP COLUMN + ADD COLUMN [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
ALTER TABLE "public"."items" DROP COLUMN "total";
ALTER TABLE "public"."items" ADD COLUMN "total" numeric GENERATED ALWAYS AS ((price * (qty)::numeric)) VIRTUAL;
