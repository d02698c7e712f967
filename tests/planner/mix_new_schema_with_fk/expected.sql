-- phase: expand
-- CREATE SCHEMA [NONE, tx]
create schema if not exists "billing";
-- CREATE TABLE [NONE, tx]
create table "billing"."invoices" (
    "id" bigint not null,
    "customer_id" bigint not null,
    "total" numeric not null
);
-- CREATE INDEX [NONE, tx]
CREATE INDEX invoices_customer_idx ON billing.invoices USING btree (customer_id);
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX invoices_pkey ON billing.invoices USING btree (id);
-- ALTER TABLE ADD PRIMARY KEY USING INDEX [NONE, tx]
alter table "billing"."invoices" add constraint "invoices_pkey" PRIMARY KEY using index "invoices_pkey";
-- ALTER TABLE ADD FOREIGN KEY [SHARE ROW EXCLUSIVE, tx]
ALTER TABLE billing.invoices ADD CONSTRAINT invoices_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);
