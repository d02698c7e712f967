-- phase: expand
-- GRANT [NONE, tx]
grant execute on function "public"."answer"() to "sw_fx_grant_caller";
