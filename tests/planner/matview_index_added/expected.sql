-- phase: expand
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX order_totals_customer ON public.order_totals USING btree (customer);
