-- phase: expand
-- ALTER POLICY [ACCESS EXCLUSIVE, tx]
ALTER POLICY docs_owner ON public.docs USING (owner = current_user OR public);
