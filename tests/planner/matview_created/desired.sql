CREATE TABLE sales (id bigint PRIMARY KEY, day date NOT NULL, amount integer NOT NULL);

CREATE MATERIALIZED VIEW daily_sales AS SELECT day, sum(amount) AS total, count(*) AS n FROM sales GROUP BY day;
CREATE UNIQUE INDEX daily_sales_day ON daily_sales (day);
