-- phase: expand
-- VARIABLE SET [NONE, tx]
set check_function_bodies = off;
-- CREATE FUNCTION [NONE, tx]
CREATE OR REPLACE FUNCTION public.new_ref()
 RETURNS text
 LANGUAGE sql
AS $function$ SELECT 'T-' || floor(random() * 100000)::int $function$;
