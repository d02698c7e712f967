-- phase: expand
-- ALTER VIEW SET [ACCESS EXCLUSIVE, tx]
alter view "public"."my_orders" set (security_barrier=true);
