-- phase: expand
-- ALTER POLICY [ACCESS EXCLUSIVE, tx]
alter policy "docs_owner" on "public"."docs" with check ((owner = CURRENT_USER));
-- ALTER TABLE FORCE ROW LEVEL SECURITY [ACCESS EXCLUSIVE, tx]
alter table "public"."docs" force row level security;
