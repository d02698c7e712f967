-- phase: contract
-- ALTER TABLE DETACH PARTITION [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, destructive]
alter table "public"."events" detach partition "public"."events_2025";
