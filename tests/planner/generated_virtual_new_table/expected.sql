-- phase: expand
-- CREATE TABLE [NONE, tx]
CREATE TABLE public.invoices (id bigint NOT NULL, customer_id bigint NOT NULL, net numeric(12, 2) NOT NULL, vat numeric(12, 2) GENERATED ALWAYS AS (net * 0.2) VIRTUAL, gross numeric(12, 2) GENERATED ALWAYS AS (net * 1.2) STORED);
-- CREATE INDEX [NONE, tx]
CREATE INDEX invoices_customer_idx ON public.invoices USING btree (customer_id);
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX invoices_pkey ON public.invoices USING btree (id);
-- ALTER TABLE ADD PRIMARY KEY USING INDEX [NONE, tx]
alter table "public"."invoices" add constraint "invoices_pkey" PRIMARY KEY using index "invoices_pkey";
-- ALTER TABLE ADD FOREIGN KEY [SHARE ROW EXCLUSIVE, tx]
ALTER TABLE public.invoices ADD CONSTRAINT invoices_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);
