-- phase: contract
-- DROP POLICY [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop policy "docs_owner" on "public"."docs";
-- ALTER TABLE DISABLE ROW LEVEL SECURITY [ACCESS EXCLUSIVE, tx, destructive]
alter table "public"."docs" disable row level security;
