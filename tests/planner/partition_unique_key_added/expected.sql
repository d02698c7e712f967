-- phase: expand
-- CREATE UNIQUE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE UNIQUE INDEX CONCURRENTLY events_2026_pkey ON public.events_2026 USING btree (id, at);

-- phase: constrain
-- ALTER TABLE ADD CONSTRAINT USING INDEX [ACCESS EXCLUSIVE, tx]
alter table "public"."events_2026" add constraint "events_2026_pkey" PRIMARY KEY using index "events_2026_pkey";
-- ALTER TABLE ADD CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."events" ADD CONSTRAINT "events_pkey" PRIMARY KEY (id, at);
