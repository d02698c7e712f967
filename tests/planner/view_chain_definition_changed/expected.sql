-- phase: expand
-- CREATE VIEW [NONE, tx]
CREATE OR REPLACE VIEW "public"."paid_orders" AS SELECT id,
    customer,
    amount
   FROM orders
  WHERE (status = ANY (ARRAY['paid'::text, 'shipped'::text]));
