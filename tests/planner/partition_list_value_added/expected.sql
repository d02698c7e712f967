-- phase: contract
-- ALTER TABLE DETACH PARTITION + ATTACH PARTITION (the new values, one transaction) [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, VALIDATION_SCAN]
alter table "public"."accounts" detach partition "public"."accounts_eu";
alter table "public"."accounts" attach partition "public"."accounts_eu" FOR VALUES IN ('eu', 'uk');
