-- phase: expand
-- ALTER DOMAIN SET DEFAULT [NONE, tx]
alter domain "public"."status" set default 'open'::text;
