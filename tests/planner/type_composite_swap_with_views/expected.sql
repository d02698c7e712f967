-- phase: contract
-- DROP VIEW + CREATE TYPE + ALTER TABLE ALTER COLUMN TYPE + DROP TYPE + RENAME TYPE + CREATE VIEW [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
drop view if exists "public"."euro_payments";
drop view if exists "public"."zero_amounts";
drop view if exists "public"."payment_amounts";
CREATE TYPE "public"."money_amount__sw_new" AS ("units" bigint, "currency" text);
ALTER TABLE "public"."payments" ALTER COLUMN "amount" TYPE "public"."money_amount__sw_new" USING CASE WHEN "amount"::text IS NULL THEN NULL ELSE ROW(("amount")."units", ("amount")."currency")::"public"."money_amount__sw_new" END;
DROP TYPE "public"."money_amount";
ALTER TYPE "public"."money_amount__sw_new" RENAME TO "money_amount";
CREATE OR REPLACE VIEW "public"."payment_amounts" AS SELECT id,
    amount
   FROM payments;
COMMENT ON VIEW "public"."payment_amounts" IS 'Amounts paid.';
GRANT SELECT ON TABLE "public"."payment_amounts" TO "sw_fx_type_composite_swap_with_views";
COMMENT ON COLUMN "public"."payment_amounts"."amount" IS 'Units and currency.';
CREATE OR REPLACE VIEW "public"."zero_amounts" AS SELECT id,
    ROW((0)::bigint, 'EUR'::text)::money_amount AS zero
   FROM payments;
GRANT SELECT ON TABLE "public"."zero_amounts" TO "sw_fx_type_composite_swap_with_views";
CREATE OR REPLACE VIEW "public"."euro_payments" AS SELECT id,
    (amount).units AS units
   FROM payment_amounts
  WHERE ((amount).currency = 'EUR'::text);
GRANT SELECT ON TABLE "public"."euro_payments" TO "sw_fx_type_composite_swap_with_views";
