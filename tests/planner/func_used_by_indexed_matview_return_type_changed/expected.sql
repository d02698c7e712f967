-- phase: expand
-- VARIABLE SET [NONE, tx]
set check_function_bodies = off;

-- phase: contract
-- REPLACE FUNCTION [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
drop materialized view if exists "public"."price_list";
drop function if exists "public"."euros"(c integer);
CREATE OR REPLACE FUNCTION public.euros(c integer)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT to_char(c / 100.0, 'FM999990.00') $function$;
CREATE MATERIALIZED VIEW "public"."price_list" AS SELECT id,
    euros(cents) AS euros
   FROM prices;
COMMENT ON MATERIALIZED VIEW "public"."price_list" IS 'Prices in euros, refreshed hourly.';
CREATE UNIQUE INDEX price_list_id ON public.price_list USING btree (id);
