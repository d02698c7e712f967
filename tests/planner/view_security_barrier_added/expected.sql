-- phase: expand
-- ALTER VIEW SET [ACCESS EXCLUSIVE, tx]
ALTER VIEW "public"."my_orders" SET (security_barrier=true);
