-- phase: expand
-- ALTER TYPE ADD VALUE [NONE, no-tx]
ALTER TYPE "public"."order_status" ADD VALUE IF NOT EXISTS 'draft' AFTER 'paid';
-- ALTER TABLE SET DEFAULT [ACCESS EXCLUSIVE, tx]
alter table "public"."orders" alter column "status" set default 'draft'::order_status;
