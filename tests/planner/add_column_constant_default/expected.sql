-- phase: expand
-- ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.accounts ADD COLUMN plan text NOT NULL DEFAULT ('free'::text);
