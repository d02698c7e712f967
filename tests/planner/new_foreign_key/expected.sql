-- phase: expand
-- ALTER TABLE ADD FOREIGN KEY NOT VALID [SHARE ROW EXCLUSIVE, tx]
ALTER TABLE public.orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE RESTRICT NOT VALID;

-- phase: constrain
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "orders_customer_id_fkey";
