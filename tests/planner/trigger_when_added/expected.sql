-- phase: expand
-- DROP TRIGGER [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE]
drop trigger if exists "notes_touch" on "public"."notes";
-- CREATE TRIGGER [SHARE ROW EXCLUSIVE, tx]
CREATE TRIGGER notes_touch BEFORE UPDATE ON public.notes FOR EACH ROW WHEN ((old.body IS DISTINCT FROM new.body)) EXECUTE FUNCTION touch();
