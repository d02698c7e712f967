CREATE SEQUENCE invoice_no INCREMENT BY 1;
CREATE TABLE invoices (id int PRIMARY KEY, no bigint NOT NULL DEFAULT nextval('invoice_no'));
INSERT INTO invoices (id) VALUES (1), (2);
