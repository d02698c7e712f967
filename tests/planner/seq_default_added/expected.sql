-- phase: expand
-- ALTER TABLE SET DEFAULT [ACCESS EXCLUSIVE, tx]
alter table "public"."invoices" alter column "no" set default nextval('invoice_no'::regclass);
