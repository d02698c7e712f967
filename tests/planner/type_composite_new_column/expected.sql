-- phase: expand
-- CREATE TYPE [NONE, tx]
create type "public"."address" as ("street" text, "city" text);
-- ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.people ADD COLUMN home address;
