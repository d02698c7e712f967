-- phase: expand
-- ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.readings ADD COLUMN source text;
-- VARIABLE SET [NONE, tx]
set check_function_bodies = off;
-- CREATE FUNCTION [NONE, tx]
CREATE OR REPLACE FUNCTION public.stamp()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$ BEGIN NEW.checked_at := now(); NEW.source := coalesce(NEW.source, 'sensor'); RETURN NEW; END $function$;
-- CREATE FUNCTION [NONE, tx]
CREATE OR REPLACE FUNCTION public.to_f(c numeric)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT round(c * 9 / 5 + 32, 1) $function$;
-- CREATE VIEW [NONE, tx]
CREATE OR REPLACE VIEW "public"."readings_f" AS SELECT id,
    to_f(celsius) AS fahrenheit,
    source
   FROM readings;
-- CREATE OR REPLACE TRIGGER [SHARE ROW EXCLUSIVE, tx]
CREATE OR REPLACE TRIGGER readings_stamp BEFORE INSERT OR UPDATE ON public.readings FOR EACH ROW EXECUTE FUNCTION stamp();
