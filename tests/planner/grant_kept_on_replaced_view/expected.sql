-- phase: contract
-- DROP VIEW + CREATE VIEW + GRANT [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
drop view if exists "public"."order_view";
CREATE OR REPLACE VIEW "public"."order_view" AS SELECT id,
    amount
   FROM orders;
GRANT SELECT ON TABLE "public"."order_view" TO "sw_fx_grant_viewer";
