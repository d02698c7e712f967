-- phase: contract
-- DROP VIEW + ALTER TABLE ALTER COLUMN TYPE + CREATE VIEW [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
drop view if exists "public"."sorted_names";
alter table "public"."names" alter column "name" set data type text collate "default" using "name"::text;
CREATE OR REPLACE VIEW "public"."sorted_names" AS SELECT name
   FROM names
  ORDER BY name;
