-- phase: expand
-- GRANT [NONE, tx]
grant select (id, name) on table "public"."staff" to "sw_fx_grant_auditor";
