CREATE SEQUENCE invoice_no;
CREATE TABLE invoices (id int PRIMARY KEY, no bigint NOT NULL);
INSERT INTO invoices VALUES (1, 1), (2, 2);
