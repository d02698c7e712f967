-- phase: contract
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
ALTER TABLE "public"."players" DROP CONSTRAINT "players_team_id_fkey";
alter table "public"."players" alter column "team_id" set data type bigint using "team_id"::bigint;
alter table "public"."teams" alter column "id" set data type bigint using "id"::bigint;
ALTER TABLE "public"."players" ADD CONSTRAINT "players_team_id_fkey" FOREIGN KEY (team_id) REFERENCES teams(id) NOT VALID;
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."players" VALIDATE CONSTRAINT "players_team_id_fkey";
