CREATE TABLE sales (id bigint PRIMARY KEY, region text NOT NULL, day date NOT NULL, amount integer NOT NULL);
INSERT INTO sales SELECT g, (ARRAY['north', 'south'])[1 + g % 2], date '2026-01-01' + g % 30, g % 100
FROM generate_series(1, 500) g;

CREATE MATERIALIZED VIEW daily_sales AS SELECT day, sum(amount) AS total FROM sales GROUP BY day;
CREATE UNIQUE INDEX daily_sales_day ON daily_sales (day);
