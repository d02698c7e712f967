-- phase: contract
-- CREATE DOMAIN + ALTER TABLE ALTER COLUMN TYPE + DROP DOMAIN + RENAME DOMAIN (swap) [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
create domain "public"."short_name__sw_new" as character varying(40);
alter table "public"."tags" alter column "name" set data type short_name__sw_new using "name"::text::short_name__sw_new;
drop domain "public"."short_name";
alter domain "public"."short_name__sw_new" rename to "short_name";
