-- phase: contract
-- ALTER TABLE DROP CONSTRAINT [ACCESS EXCLUSIVE, tx, destructive]
alter table "public"."tags" drop constraint "tags_pkey";
-- ALTER TABLE DROP NOT NULL [ACCESS EXCLUSIVE, tx]
alter table "public"."tags" alter column "id" drop not null;
