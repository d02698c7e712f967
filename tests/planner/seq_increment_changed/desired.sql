CREATE SEQUENCE invoice_no INCREMENT BY 10;
        CREATE TABLE invoices (id int PRIMARY KEY, no bigint NOT NULL DEFAULT nextval('invoice_no'));
