-- phase: contract
-- DROP POLICY + ALTER TABLE ALTER COLUMN TYPE + CREATE POLICY [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
drop policy "docs_tenant" on "public"."docs";
alter table "public"."docs" alter column "tenant" set data type bigint using "tenant"::bigint;
create policy "docs_tenant"
on "public"."docs"
as permissive
for all
to public
using ((tenant = (current_setting('app.tenant'::text, true))::bigint));
