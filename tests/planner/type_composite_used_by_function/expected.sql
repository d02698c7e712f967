-- phase: expand
-- ALTER TYPE ADD ATTRIBUTE [ACCESS EXCLUSIVE, tx]
ALTER TYPE "public"."pair" ADD ATTRIBUTE "c" integer;
-- VARIABLE SET [NONE, tx]
set check_function_bodies = off;
-- CREATE FUNCTION [NONE, tx]
CREATE OR REPLACE FUNCTION public.swap(p pair)
 RETURNS pair
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT ROW(p.b, p.a, p.c)::pair $function$;
