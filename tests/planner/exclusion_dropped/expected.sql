-- phase: contract
-- ALTER TABLE DROP CONSTRAINT [ACCESS EXCLUSIVE, tx, destructive]
alter table "public"."bookings" drop constraint "bookings_no_overlap";
