-- phase: expand
-- ALTER POLICY [ACCESS EXCLUSIVE, tx]
alter policy "docs_owner" on "public"."docs" using (((owner = CURRENT_USER) OR public));
