-- phase: expand
-- ALTER POLICY [ACCESS EXCLUSIVE, tx]
ALTER POLICY docs_read ON public.docs TO sw_fx_rls_reader;
