-- phase: expand
-- ALTER TABLE ADD EXCLUDE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, INDEX_BUILD]
alter table "public"."bookings" add constraint "bookings_no_overlap" EXCLUDE USING gist (during WITH &&);
