CREATE TABLE coupons (id bigint PRIMARY KEY, percent integer NOT NULL, CONSTRAINT coupons_percent_range CHECK (percent BETWEEN 0 AND 100));
