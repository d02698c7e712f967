-- phase: expand
-- ALTER TYPE ADD VALUE [NONE, no-tx]
ALTER TYPE "public"."order_status" ADD VALUE IF NOT EXISTS 'shipped' AFTER 'paid';
-- DROP VIEW + CREATE VIEW [ACCESS EXCLUSIVE, tx]
drop view if exists "public"."open_orders";
CREATE OR REPLACE VIEW "public"."open_orders" AS SELECT id,
    status
   FROM orders
  WHERE (status <> 'paid'::order_status);
