-- phase: expand
-- ALTER TABLE DROP EXPRESSION (the stored values stay) [ACCESS EXCLUSIVE, tx]
alter table "public"."items" alter column "total" drop expression;
