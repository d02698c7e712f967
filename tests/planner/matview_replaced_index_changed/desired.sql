CREATE TABLE sales (id bigint PRIMARY KEY, region text NOT NULL, day date NOT NULL, amount integer NOT NULL);

CREATE MATERIALIZED VIEW daily_sales AS SELECT region, day, sum(amount) AS total FROM sales GROUP BY region, day;
CREATE UNIQUE INDEX daily_sales_region_day ON daily_sales (region, day);
CREATE INDEX daily_sales_day ON daily_sales (day);
