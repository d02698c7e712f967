CREATE TABLE customers (id bigint PRIMARY KEY, country_code varchar(10) NOT NULL);
