-- phase: expand
-- CREATE MATERIALIZED VIEW (under a temporary name) [NONE, tx]
create materialized view "public"."order_totals__sw_new" as  SELECT customer,
    sum(amount) AS total,
    count(*) AS n
   FROM orders
  GROUP BY customer;
-- CREATE UNIQUE INDEX [SHARE, tx]
CREATE UNIQUE INDEX order_totals_customer__sw_new ON public.order_totals__sw_new USING btree (customer);

-- phase: contract
-- DROP MATVIEW + RENAME MATERIALIZED VIEW + RENAME INDEX (swap) [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop materialized view if exists "public"."order_totals";
alter materialized view "public"."order_totals__sw_new" rename to "order_totals";
alter index "public"."order_totals_customer__sw_new" rename to "order_totals_customer";
