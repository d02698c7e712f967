-- phase: expand
-- GRANT [NONE, tx]
GRANT SELECT ON TABLE "public"."reports" TO "sw_fx_grant_reader";
