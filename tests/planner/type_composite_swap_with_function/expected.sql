-- phase: contract
-- DROP VIEW + DROP FUNCTION + CREATE TYPE + ALTER TABLE ALTER COLUMN TYPE + DROP TYPE + RENAME TYPE + CREATE FUNCTION + CREATE VIEW [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
drop view if exists "public"."payment_euros";
DROP FUNCTION IF EXISTS "public"."in_euros"(c integer);
CREATE TYPE "public"."money_amount__sw_new" AS ("units" bigint, "currency" text);
ALTER TABLE "public"."payments" ALTER COLUMN "amount" TYPE "public"."money_amount__sw_new" USING CASE WHEN "amount"::text IS NULL THEN NULL ELSE ROW(("amount")."units", ("amount")."currency")::"public"."money_amount__sw_new" END;
DROP TYPE "public"."money_amount";
ALTER TYPE "public"."money_amount__sw_new" RENAME TO "money_amount";
CREATE OR REPLACE FUNCTION public.in_euros(c integer)
 RETURNS money_amount
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT ROW(c / 100, 'EUR')::money_amount $function$;
GRANT EXECUTE ON FUNCTION "public"."in_euros"(c integer) TO "sw_fx_type_composite_swap_with_function";
REVOKE EXECUTE ON FUNCTION "public"."in_euros"(c integer) FROM PUBLIC;
CREATE OR REPLACE VIEW "public"."payment_euros" AS SELECT id,
    in_euros(cents) AS euros
   FROM payments;
GRANT SELECT ON TABLE "public"."payment_euros" TO "sw_fx_type_composite_swap_with_function";
