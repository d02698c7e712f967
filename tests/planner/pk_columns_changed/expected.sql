-- phase: expand
-- CREATE UNIQUE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE UNIQUE INDEX CONCURRENTLY memberships_pkey__sw_new ON public.memberships USING btree (team, member);

-- phase: constrain
-- ALTER TABLE DROP CONSTRAINT + ALTER TABLE ADD PRIMARY KEY USING INDEX [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."memberships" DROP CONSTRAINT "memberships_pkey";
ALTER TABLE "public"."memberships" ADD CONSTRAINT "memberships_pkey" PRIMARY KEY USING INDEX "memberships_pkey__sw_new";
