-- phase: expand
-- CREATE VIEW [NONE, tx]
CREATE OR REPLACE VIEW "public"."order_list" AS SELECT id,
    customer,
    amount
   FROM orders;
