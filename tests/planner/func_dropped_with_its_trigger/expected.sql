-- phase: contract
-- DROP TRIGGER [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop trigger if exists "notes_touch" on "public"."notes";
-- DROP FUNCTION [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop function if exists "public"."touch"();
