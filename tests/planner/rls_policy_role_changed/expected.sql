-- phase: expand
-- ALTER POLICY [ACCESS EXCLUSIVE, tx]
alter policy "docs_read" on "public"."docs" to sw_fx_rls_reader;
