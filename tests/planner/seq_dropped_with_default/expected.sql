-- phase: expand
-- ALTER TABLE SET DEFAULT [ACCESS EXCLUSIVE, tx]
alter table "public"."invoices" alter column "no" drop default;

-- phase: contract
-- DROP SEQUENCE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop sequence if exists "public"."invoice_no";
