-- phase: expand
-- ALTER SEQUENCE [NONE, tx]
alter sequence "public"."invoice_no" owned by "public"."invoices"."no";
