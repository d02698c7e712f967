-- phase: expand
-- DROP VIEW + CREATE VIEW + GRANT (the view's privileges kept) [ACCESS EXCLUSIVE, tx]
drop view if exists "public"."order_view";
CREATE OR REPLACE VIEW "public"."order_view" AS SELECT id,
    amount
   FROM orders;
grant select on table "public"."order_view" to "sw_fx_grant_viewer";
