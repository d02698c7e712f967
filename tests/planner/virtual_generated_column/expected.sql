-- phase: expand
-- ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.order_lines ADD COLUMN line_total numeric GENERATED ALWAYS AS (quantity::numeric * unit_price) VIRTUAL;
