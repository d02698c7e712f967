-- phase: contract
-- REVOKE [NONE, tx, BREAKS_CLIENTS, destructive]
REVOKE INSERT, UPDATE ON TABLE "public"."reports" FROM "sw_fx_grant_writer";
