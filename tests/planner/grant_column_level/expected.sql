-- phase: expand
-- GRANT [NONE, tx]
GRANT SELECT ("id", "name") ON TABLE "public"."staff" TO "sw_fx_grant_auditor";
