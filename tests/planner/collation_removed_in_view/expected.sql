-- phase: expand
-- DROP VIEW + ALTER TABLE ALTER COLUMN TYPE + CREATE VIEW [ACCESS EXCLUSIVE, tx]
drop view if exists "public"."sorted_names";
ALTER TABLE "public"."names" ALTER COLUMN "name" TYPE text;
CREATE OR REPLACE VIEW "public"."sorted_names" AS SELECT name
   FROM names
  ORDER BY name;
