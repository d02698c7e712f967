-- phase: expand
-- ALTER TABLE ADD CONSTRAINT CHECK NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."events_h1" ADD CONSTRAINT "events_h1__sw_bound" CHECK (((at IS NOT NULL) AND (at >= '2026-01-01'::date) AND (at < '2026-12-31'::date))) NOT VALID;

-- phase: constrain
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."events_h1" VALIDATE CONSTRAINT "events_h1__sw_bound";
-- ALTER TABLE DETACH PARTITION + ATTACH PARTITION + DROP CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."events" DETACH PARTITION "public"."events_h1";
ALTER TABLE "public"."events" ATTACH PARTITION "public"."events_h1" FOR VALUES FROM ('2026-01-01') TO ('2026-12-31');
ALTER TABLE "public"."events_h1" DROP CONSTRAINT "events_h1__sw_bound";
