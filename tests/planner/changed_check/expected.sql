-- phase: expand
-- ALTER TABLE ADD CHECK NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.products ADD CONSTRAINT products_price_check__sw_new CHECK (price > 0::numeric AND price < 100000::numeric) NOT VALID;

-- phase: constrain
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."products" VALIDATE CONSTRAINT "products_price_check__sw_new";
-- ALTER TABLE DROP CONSTRAINT + RENAME CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."products" DROP CONSTRAINT "products_price_check";
ALTER TABLE "public"."products" RENAME CONSTRAINT "products_price_check__sw_new" TO "products_price_check";
