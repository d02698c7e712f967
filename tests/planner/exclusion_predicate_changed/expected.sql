-- phase: contract
-- ALTER TABLE DROP CONSTRAINT + ALTER TABLE ADD EXCLUDE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, INDEX_BUILD, destructive]
ALTER TABLE "public"."bookings" DROP CONSTRAINT "bookings_no_overlap";
alter table "public"."bookings" add constraint "bookings_no_overlap" EXCLUDE USING gist (during WITH &&) WHERE ((NOT cancelled));
