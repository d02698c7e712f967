-- phase: contract
-- ALTER TABLE DROP CONSTRAINT [ACCESS EXCLUSIVE, tx, destructive]
alter table "public"."codes" drop constraint "codes_pkey";
-- ALTER TABLE DROP NOT NULL [ACCESS EXCLUSIVE, tx]
alter table "public"."codes" alter column "code" drop not null;
