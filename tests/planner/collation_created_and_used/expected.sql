-- phase: expand
-- CREATE COLLATION [NONE, tx]
create collation if not exists "public"."bytewise" (provider = 'libc', locale = 'C');

-- phase: contract
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."names" alter column "name" set data type text collate "public"."bytewise" using "name"::text;
