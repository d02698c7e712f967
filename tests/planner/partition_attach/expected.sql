-- phase: expand
-- ALTER TABLE ADD CONSTRAINT CHECK NOT VALID (the partition bound, so the attach skips its scan) [ACCESS EXCLUSIVE, tx]
alter table "public"."events_2027" add constraint "events_2027_bound" check (at IS NOT NULL AND at >= '2027-01-01'::date AND at < '2028-01-01'::date) not valid;

-- phase: constrain
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx]
alter table "public"."events_2027" validate constraint "events_2027_bound";
-- ALTER TABLE ATTACH PARTITION [SHARE UPDATE EXCLUSIVE, tx]
alter table "public"."events" attach partition "public"."events_2027" FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
-- ALTER TABLE DROP CONSTRAINT [ACCESS EXCLUSIVE, tx]
alter table "public"."events_2027" drop constraint "events_2027_bound";
