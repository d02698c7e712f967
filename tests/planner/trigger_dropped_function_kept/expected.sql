-- phase: contract
-- DROP TRIGGER [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop trigger if exists "notes_touch" on "public"."notes";
