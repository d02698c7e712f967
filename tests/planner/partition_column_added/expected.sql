-- phase: expand
-- ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.events ADD COLUMN source text DEFAULT ('web'::text);
