-- phase: expand
-- ALTER TABLE ADD COLUMN (merged with the child's own column) [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.vehicles ADD COLUMN payload int;
