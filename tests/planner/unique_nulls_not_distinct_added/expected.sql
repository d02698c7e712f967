-- phase: expand
-- CREATE UNIQUE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE UNIQUE INDEX CONCURRENTLY slots_room_at_key__sw_new ON public.slots USING btree (room, at) NULLS NOT DISTINCT;

-- phase: constrain
-- ALTER TABLE DROP CONSTRAINT + ALTER TABLE ADD UNIQUE USING INDEX [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."slots" DROP CONSTRAINT "slots_room_at_key";
ALTER TABLE "public"."slots" ADD CONSTRAINT "slots_room_at_key" UNIQUE USING INDEX "slots_room_at_key__sw_new";
