-- phase: expand
-- VARIABLE SET [NONE, tx]
set check_function_bodies = off;
-- CREATE FUNCTION [NONE, tx]
CREATE OR REPLACE FUNCTION public.current_tenant()
 RETURNS integer
 LANGUAGE sql
 STABLE
AS $function$ SELECT coalesce(nullif(current_setting('app.tenant', true), ''), '0')::int $function$;
