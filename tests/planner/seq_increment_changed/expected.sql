-- phase: expand
-- ALTER SEQUENCE [NONE, tx]
ALTER SEQUENCE "public"."invoice_no" INCREMENT BY 10;
