-- phase: expand
-- CREATE DOMAIN [NONE, tx]
CREATE DOMAIN "public"."email" AS text CONSTRAINT "email_has_at" CHECK ((VALUE ~~ '%@%'::text));

-- phase: contract
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."users" alter column "mail" set data type email using "mail"::email;
