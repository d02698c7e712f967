-- phase: contract
-- ALTER TABLE SET DEFAULT [ACCESS EXCLUSIVE, tx]
alter table "public"."orders" alter column "status" drop default;
-- RENAME TYPE [NONE, tx, BREAKS_CLIENTS]
alter type "public"."order_status" rename to "order_status__old_version_to_be_dropped";
-- CREATE TYPE [NONE, tx]
create type "public"."order_status" as enum ('pending', 'paid', 'shipped');
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."orders" alter column status type "public"."order_status" using status::text::"public"."order_status";
-- ALTER TABLE SET DEFAULT [ACCESS EXCLUSIVE, tx]
alter table "public"."orders" alter column "status" set default 'pending'::order_status;
-- DROP TYPE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop type "public"."order_status__old_version_to_be_dropped";
