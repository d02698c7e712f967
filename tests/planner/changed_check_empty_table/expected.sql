-- phase: expand
-- ALTER TABLE DROP CONSTRAINT + ALTER TABLE ADD CHECK [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."coupons" DROP CONSTRAINT "coupons_percent_range";
ALTER TABLE public.coupons ADD CONSTRAINT coupons_percent_range CHECK (percent >= 1 AND percent <= 90);
