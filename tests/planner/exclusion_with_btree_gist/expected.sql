-- phase: expand
-- CREATE EXTENSION [NONE, tx]
CREATE EXTENSION IF NOT EXISTS "btree_gist" VERSION '1.8';
-- ALTER TABLE ADD EXCLUDE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, INDEX_BUILD]
alter table "public"."bookings" add constraint "bookings_room_no_overlap" EXCLUDE USING gist (room WITH =, during WITH &&);
