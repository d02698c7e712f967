-- phase: expand
-- GRANT [NONE, tx]
grant select on table "public"."reports" to "sw_fx_grant_reader";
