-- phase: expand
-- VARIABLE SET [NONE, tx]
set check_function_bodies = off;

-- phase: contract
-- REPLACE FUNCTION [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
drop view if exists "public"."price_list";
drop function if exists "public"."euros"(c integer);
CREATE OR REPLACE FUNCTION public.euros(c integer)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT to_char(c / 100.0, 'FM999990.00') $function$;
CREATE OR REPLACE VIEW "public"."price_list" AS SELECT id,
    euros(cents) AS euros
   FROM prices;
COMMENT ON VIEW "public"."price_list" IS 'Prices in euros.';
GRANT SELECT ON TABLE "public"."price_list" TO "sw_fx_func_return_type_changed_keeps_grants";
GRANT EXECUTE ON FUNCTION "public"."euros"(c integer) TO "sw_fx_func_return_type_changed_keeps_grants";
REVOKE EXECUTE ON FUNCTION "public"."euros"(c integer) FROM PUBLIC;
