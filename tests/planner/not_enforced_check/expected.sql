-- phase: expand
-- ALTER TABLE ADD CHECK NOT ENFORCED [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.products ADD CONSTRAINT products_price_positive CHECK (price > 0::numeric) NOT ENFORCED;
