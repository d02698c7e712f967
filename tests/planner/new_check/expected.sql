-- phase: expand
-- ALTER TABLE ADD CHECK NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.products ADD CONSTRAINT products_price_positive CHECK (price > 0::numeric) NOT VALID;

-- phase: constrain
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."products" VALIDATE CONSTRAINT "products_price_positive";
