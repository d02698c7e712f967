-- phase: contract
-- DROP VIEW + DROP TABLE + CREATE VIEW [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop view if exists "public"."big_orders";
drop table "public"."orders";
CREATE OR REPLACE VIEW public.orders WITH (security_invoker=true) AS SELECT id, tenant, amount FROM order_lines;
CREATE OR REPLACE VIEW public.big_orders WITH (security_invoker=true) AS SELECT id, amount FROM orders WHERE amount > 20;
