-- phase: contract
-- ALTER TABLE DROP CONSTRAINT + ALTER TABLE DROP NOT NULL [ACCESS EXCLUSIVE, tx, destructive]
alter table "public"."codes" drop constraint "codes_pkey";
alter table "public"."codes" alter column "code" drop not null;
