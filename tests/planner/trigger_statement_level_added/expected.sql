-- phase: expand
-- VARIABLE SET [NONE, tx]
set check_function_bodies = off;
-- CREATE FUNCTION [NONE, tx]
CREATE OR REPLACE FUNCTION public.log_op()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$ BEGIN INSERT INTO note_log VALUES (now(), TG_OP); RETURN NULL; END $function$;
-- CREATE TRIGGER [SHARE ROW EXCLUSIVE, tx]
CREATE TRIGGER notes_log AFTER INSERT OR DELETE ON public.notes FOR EACH STATEMENT EXECUTE FUNCTION log_op();
