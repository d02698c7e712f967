-- phase: expand
-- ALTER DOMAIN SET DEFAULT [NONE, tx]
ALTER DOMAIN "public"."status" SET DEFAULT 'open'::text;
