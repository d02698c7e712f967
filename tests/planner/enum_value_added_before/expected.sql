-- phase: expand
-- ALTER TYPE ADD VALUE [NONE, no-tx]
ALTER TYPE "public"."order_status" ADD VALUE IF NOT EXISTS 'paid' BEFORE 'shipped';
