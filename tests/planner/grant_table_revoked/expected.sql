-- phase: contract
-- REVOKE [NONE, tx, BREAKS_CLIENTS, destructive]
revoke insert, update on table "public"."reports" from "sw_fx_grant_writer";
