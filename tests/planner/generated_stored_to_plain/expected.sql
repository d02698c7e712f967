-- phase: expand
-- ALTER TABLE DROP EXPRESSION [ACCESS EXCLUSIVE, tx, IRREVERSIBLE]
alter table "public"."items" alter column "total" drop expression;
