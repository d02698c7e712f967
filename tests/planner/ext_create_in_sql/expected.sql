-- phase: expand
-- CREATE EXTENSION [NONE, tx]
CREATE EXTENSION IF NOT EXISTS "citext" VERSION '1.8';

-- phase: contract
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."users" alter column "email" set data type citext using "email"::citext;
