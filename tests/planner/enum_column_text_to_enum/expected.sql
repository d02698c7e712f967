-- phase: expand
-- CREATE TYPE [NONE, tx]
create type "public"."order_status" as enum ('new', 'paid');

-- phase: contract
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."orders" alter column "status" set data type order_status using "status"::order_status;
