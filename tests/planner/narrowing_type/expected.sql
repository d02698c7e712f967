-- phase: contract
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE, destructive]
alter table "public"."customers" alter column "country_code" set data type character varying(10) using "country_code"::character varying(10);
