-- phase: expand
-- ALTER TABLE DropIdentity [ACCESS EXCLUSIVE, tx]
alter table "public"."users" alter column "id" drop identity;
