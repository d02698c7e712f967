-- phase: expand
-- CREATE UNIQUE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE UNIQUE INDEX CONCURRENTLY teams_id_key ON public.teams USING btree (id);
-- CREATE UNIQUE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE UNIQUE INDEX CONCURRENTLY teams_pkey__sw_new ON public.teams USING btree (slug);

-- phase: constrain
-- ALTER TABLE DROP CONSTRAINT + ALTER TABLE ADD PRIMARY KEY USING INDEX + ALTER TABLE ADD FOREIGN KEY NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."players" DROP CONSTRAINT "players_team_id_fkey";
ALTER TABLE "public"."teams" DROP CONSTRAINT "teams_pkey";
ALTER TABLE "public"."teams" ADD CONSTRAINT "teams_pkey" PRIMARY KEY USING INDEX "teams_pkey__sw_new";
ALTER TABLE "public"."players" ADD CONSTRAINT "players_team_id_fkey" FOREIGN KEY (team_id) REFERENCES teams(id) NOT VALID;
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."players" VALIDATE CONSTRAINT "players_team_id_fkey";
-- ALTER TABLE ADD UNIQUE USING INDEX [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."teams" ADD CONSTRAINT "teams_id_key" UNIQUE USING INDEX "teams_id_key";

-- phase: contract
-- ALTER TABLE DROP CONSTRAINT [ACCESS EXCLUSIVE, tx, destructive]
alter table "public"."teams" drop constraint "teams_slug_key";
