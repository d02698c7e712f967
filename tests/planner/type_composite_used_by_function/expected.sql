-- phase: contract
-- DROP FUNCTION + ALTER TYPE ADD ATTRIBUTE + CREATE FUNCTION [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
drop function if exists "public"."swap"(p pair);
alter type "public"."pair" add attribute "c" integer;
CREATE OR REPLACE FUNCTION public.swap(p pair)
 RETURNS pair
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT ROW(p.b, p.a, p.c)::pair $function$;
