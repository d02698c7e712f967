-- phase: expand
-- CREATE MATERIALIZED VIEW [NONE, tx]
CREATE MATERIALIZED VIEW public.daily_sales__sw_new AS SELECT region, day, sum(amount) AS total FROM sales GROUP BY region, day  WITH NO DATA;
-- CREATE INDEX [NONE, tx]
CREATE INDEX daily_sales_day__sw_new ON public.daily_sales__sw_new USING btree (day);
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX daily_sales_region_day__sw_new ON public.daily_sales__sw_new USING btree (region, day);

-- phase: backfill
-- REFRESH MATERIALIZED VIEW (populate) [NONE, tx]
REFRESH MATERIALIZED VIEW "public"."daily_sales__sw_new";

-- phase: constrain
-- DROP MATERIALIZED VIEW + RENAME (swap) [ACCESS EXCLUSIVE, tx]
DROP MATERIALIZED VIEW "public"."daily_sales";
ALTER MATERIALIZED VIEW "public"."daily_sales__sw_new" RENAME TO "daily_sales";
ALTER INDEX "public"."daily_sales_day__sw_new" RENAME TO "daily_sales_day";
ALTER INDEX "public"."daily_sales_region_day__sw_new" RENAME TO "daily_sales_region_day";
