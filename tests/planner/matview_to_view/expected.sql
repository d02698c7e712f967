-- phase: contract
-- DROP MATVIEW + CREATE VIEW [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop materialized view if exists "public"."order_totals";
CREATE OR REPLACE VIEW "public"."order_totals" AS SELECT customer,
    sum(amount) AS total
   FROM orders
  GROUP BY customer;
