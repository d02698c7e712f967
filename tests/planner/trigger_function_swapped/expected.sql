-- phase: expand
-- VARIABLE SET [NONE, tx]
set check_function_bodies = off;
-- CREATE FUNCTION [NONE, tx]
CREATE OR REPLACE FUNCTION public.stamp()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$ BEGIN NEW.updated_at := statement_timestamp(); RETURN NEW; END $function$;
-- CREATE OR REPLACE TRIGGER [SHARE ROW EXCLUSIVE, tx]
CREATE OR REPLACE TRIGGER notes_touch BEFORE UPDATE ON public.notes FOR EACH ROW EXECUTE FUNCTION stamp();

-- phase: contract
-- DROP FUNCTION [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop function if exists "public"."touch"();
