-- phase: expand
-- VARIABLE SET [NONE, tx]
set check_function_bodies = off;
-- CREATE FUNCTION [NONE, tx]
CREATE OR REPLACE FUNCTION public.greeting()
 RETURNS text
 LANGUAGE sql
 STABLE
AS $function$ SELECT 'hello' $function$;
