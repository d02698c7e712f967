-- phase: expand
-- CREATE DOMAIN [NONE, tx]
create domain "public"."email" as text constraint email_has_at check ((VALUE ~~ '%@%'::text));

-- phase: contract
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."users" alter column "mail" set data type email using "mail"::email;
