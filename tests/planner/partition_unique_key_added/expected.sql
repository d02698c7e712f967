-- phase: expand
-- CREATE UNIQUE INDEX CONCURRENTLY (per partition) [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE UNIQUE INDEX CONCURRENTLY events_2026_pkey ON public.events_2026 USING btree (id, at);

-- phase: constrain
-- ALTER TABLE ADD PRIMARY KEY USING INDEX (per partition) [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."events_2026" ADD CONSTRAINT "events_2026_pkey" PRIMARY KEY USING INDEX "events_2026_pkey";
-- ALTER TABLE ADD PRIMARY KEY (attaches the partitions' keys, no build) [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."events" ADD CONSTRAINT "events_pkey" PRIMARY KEY (id, at);
