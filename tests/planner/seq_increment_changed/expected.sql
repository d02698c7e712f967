-- phase: expand
-- ALTER SEQUENCE [NONE, tx]
alter sequence "public"."invoice_no" increment by 10;
