-- phase: expand
-- RENAME COLUMN [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
ALTER TABLE "public"."customers" RENAME COLUMN "full_name" TO "display_name";
-- DROP VIEW + CREATE VIEW [ACCESS EXCLUSIVE, tx]
drop view if exists "public"."customer_names";
CREATE OR REPLACE VIEW "public"."customer_names" AS SELECT id,
    display_name
   FROM customers;
