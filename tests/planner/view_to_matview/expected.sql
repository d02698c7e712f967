-- phase: expand
-- CREATE MATERIALIZED VIEW (under a temporary name) [NONE, tx]
create materialized view "public"."order_totals__sw_new" as  SELECT customer,
    sum(amount) AS total
   FROM orders
  GROUP BY customer;

-- phase: contract
-- DROP VIEW + RENAME MATERIALIZED VIEW (swap) [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop view if exists "public"."order_totals";
alter materialized view "public"."order_totals__sw_new" rename to "order_totals";
