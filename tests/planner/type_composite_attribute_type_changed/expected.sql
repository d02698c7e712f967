-- phase: contract
-- CREATE TYPE + ALTER TABLE ALTER COLUMN TYPE + DROP TYPE + RENAME TYPE (swap) [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
create type "public"."money_amount__sw_new" as ("units" bigint, "currency" text);
alter table "public"."payments" alter column "amount" set data type money_amount__sw_new using row(("amount")."units", ("amount")."currency")::money_amount__sw_new;
drop type "public"."money_amount";
alter type "public"."money_amount__sw_new" rename to "money_amount";
