-- phase: contract
-- DROP VIEW + CREATE VIEW [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
drop view if exists "public"."new_orders";
drop view if exists "public"."order_list";
CREATE OR REPLACE VIEW "public"."order_list" AS SELECT id,
    customer,
    status
   FROM orders;
CREATE OR REPLACE VIEW "public"."new_orders" AS SELECT id,
    customer
   FROM order_list
  WHERE (status = 'new'::text);
