-- phase: contract
-- ALTER TABLE DETACH PARTITION + ATTACH PARTITION (the new bound, one transaction) [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, VALIDATION_SCAN]
alter table "public"."events" detach partition "public"."events_h1";
alter table "public"."events" attach partition "public"."events_h1" FOR VALUES FROM ('2026-01-01') TO ('2026-12-31');
