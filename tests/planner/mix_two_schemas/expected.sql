-- phase: expand
-- ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx]
ALTER TABLE app.orders ADD COLUMN note text;
-- CREATE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE INDEX CONCURRENTLY orders_amount_idx ON app.orders USING btree (amount);
-- ALTER TABLE SET DEFAULT [ACCESS EXCLUSIVE, tx]
alter table "audit"."log" alter column "what" set default ''::text;
-- CREATE VIEW [NONE, tx]
CREATE OR REPLACE VIEW "audit"."order_amounts" AS SELECT id,
    amount
   FROM app.orders;

-- phase: backfill
-- BACKFILL [ROW EXCLUSIVE, tx, BACKFILL]
WITH batch AS (SELECT ctid FROM "audit"."log" WHERE "what" IS NULL ORDER BY "id" LIMIT 1000 FOR UPDATE SKIP LOCKED), filled AS (UPDATE "audit"."log" SET "what" = ''::text WHERE ctid = ANY (ARRAY(SELECT ctid FROM batch)) AND "what" IS NULL RETURNING "id") SELECT count(*) OVER (), "id" FROM filled ORDER BY "id" DESC LIMIT 1;

-- phase: constrain
-- ALTER TABLE ADD CHECK NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE "audit"."log" ADD CONSTRAINT "sw_log_what_not_null" CHECK ("what" IS NOT NULL) NOT VALID;
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "audit"."log" VALIDATE CONSTRAINT "sw_log_what_not_null";
-- ALTER TABLE SET NOT NULL + ALTER TABLE DROP CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "audit"."log" ALTER COLUMN "what" SET NOT NULL;
ALTER TABLE "audit"."log" DROP CONSTRAINT "sw_log_what_not_null";
