CREATE TABLE invoices (id int PRIMARY KEY, no bigint NOT NULL);
