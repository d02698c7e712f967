-- phase: expand
-- ALTER TYPE ADD VALUE [NONE, no-tx]
ALTER TYPE "public"."order_status" ADD VALUE IF NOT EXISTS 'refunded' AFTER 'paid';
-- ALTER TABLE ADD CHECK NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.orders ADD CONSTRAINT refunds_were_paid CHECK (status <> 'refunded'::order_status OR paid_at IS NOT NULL) NOT VALID;

-- phase: constrain
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "refunds_were_paid";
