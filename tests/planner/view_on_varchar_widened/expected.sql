-- phase: expand
-- DROP VIEW + ALTER TABLE ALTER COLUMN TYPE + CREATE VIEW [ACCESS EXCLUSIVE, tx]
drop view if exists "public"."tag_labels";
ALTER TABLE "public"."tags" ALTER COLUMN "label" TYPE varchar(80);
CREATE OR REPLACE VIEW "public"."tag_labels" AS SELECT label
   FROM tags;
