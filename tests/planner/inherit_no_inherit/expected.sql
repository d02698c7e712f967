-- phase: contract
-- ALTER TABLE NO INHERIT + DROP NOT NULL (the NOT NULL the parent's key gave the column) [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, destructive]
alter table "public"."trucks" no inherit "public"."vehicles";
alter table "public"."trucks" alter column "id" drop not null;
