-- phase: expand
-- GRANT [NONE, tx]
GRANT EXECUTE ON FUNCTION "public"."answer"() TO "sw_fx_grant_caller";
