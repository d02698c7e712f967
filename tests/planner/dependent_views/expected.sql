-- phase: expand
-- CREATE VIEW [NONE, tx]
CREATE OR REPLACE VIEW "public"."open_orders" AS SELECT id,
    total,
    status
   FROM orders
  WHERE (status = ANY (ARRAY['open'::text, 'held'::text]));
-- CREATE VIEW [NONE, tx]
CREATE OR REPLACE VIEW "public"."big_open_orders" AS SELECT id,
    total,
    status
   FROM open_orders
  WHERE (total > (100)::numeric);
-- CREATE VIEW [NONE, tx]
CREATE OR REPLACE VIEW "public"."open_order_totals" AS SELECT count(*) AS orders,
    sum(total) AS total,
    max(status) AS status
   FROM open_orders;
