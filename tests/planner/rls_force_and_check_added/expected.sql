-- phase: expand
-- DROP POLICY [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE]
drop policy "docs_owner" on "public"."docs";
-- CREATE POLICY [ACCESS EXCLUSIVE, tx]
create policy "docs_owner"
on "public"."docs"
as permissive
for all
to public
using ((owner = CURRENT_USER))
with check ((owner = CURRENT_USER));
