-- phase: contract
-- DROP VIEW + ALTER TABLE ALTER COLUMN TYPE + CREATE VIEW [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
drop view if exists "public"."event_totals";
alter table "public"."events" alter column "counter" set data type bigint using "counter"::bigint;
CREATE OR REPLACE VIEW "public"."event_totals" AS SELECT kind,
    sum(counter) AS total,
    max(counter) AS highest
   FROM events
  GROUP BY kind;
