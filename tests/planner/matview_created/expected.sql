-- phase: expand
-- CREATE MATERIALIZED VIEW [NONE, tx]
CREATE MATERIALIZED VIEW public.daily_sales AS SELECT day, sum(amount) AS total, count(*) AS n FROM sales GROUP BY day  WITH NO DATA;
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX daily_sales_day ON public.daily_sales USING btree (day);

-- phase: backfill
-- REFRESH MATERIALIZED VIEW (populate) [NONE, tx]
REFRESH MATERIALIZED VIEW "public"."daily_sales";
