-- phase: expand
-- DROP MATVIEW [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE]
drop materialized view if exists "public"."paid_totals";
-- CREATE VIEW [NONE, tx]
CREATE OR REPLACE VIEW "public"."paid_orders" AS SELECT id,
    customer,
    amount,
    status
   FROM orders
  WHERE (status = 'paid'::text);
-- CREATE MATERIALIZED VIEW [NONE, tx]
create materialized view "public"."paid_totals" as  SELECT customer,
    sum(amount) AS total,
    max(amount) AS biggest
   FROM paid_orders
  GROUP BY customer;
