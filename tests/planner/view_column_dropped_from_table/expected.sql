-- phase: contract
-- DROP VIEW + ALTER TABLE DROP COLUMN + CREATE VIEW [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
drop view if exists "public"."order_list";
alter table "public"."orders" drop column "status";
CREATE OR REPLACE VIEW "public"."order_list" AS SELECT id,
    customer
   FROM orders;
