CREATE SEQUENCE invoice_no;
        CREATE TABLE invoices (id int PRIMARY KEY, no bigint NOT NULL DEFAULT nextval('invoice_no'));
