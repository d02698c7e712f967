-- phase: expand
-- VARIABLE SET [NONE, tx]
set check_function_bodies = off;
-- CREATE FUNCTION [NONE, tx]
CREATE OR REPLACE FUNCTION public.valid_code(c text)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT c ~ '^[A-Z]{3,4}$' $function$;
