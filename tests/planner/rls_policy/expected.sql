-- phase: expand
-- CREATE POLICY [ACCESS EXCLUSIVE, tx]
create policy "tenant_isolation"
on "public"."documents"
as permissive
for all
to public
using ((tenant_id = (current_setting('app.current_tenant_id'::text, true))::uuid));
-- ALTER TABLE ENABLE ROW LEVEL SECURITY [ACCESS EXCLUSIVE, tx]
alter table "public"."documents" enable row level security;
