-- phase: contract
-- DROP VIEW [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE]
drop view if exists "public"."event_totals";
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."events" alter column "counter" set data type bigint using "counter"::bigint;
-- CREATE VIEW [NONE, tx]
CREATE OR REPLACE VIEW "public"."event_totals" AS SELECT kind,
    sum(counter) AS total,
    max(counter) AS highest
   FROM events
  GROUP BY kind;
