-- phase: expand
-- ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.invoices ADD COLUMN issued_on date NOT NULL;
-- ALTER TABLE SET NOT NULL [ACCESS EXCLUSIVE, tx]
alter table "public"."invoices" alter column "amount" set not null;
-- ALTER TABLE SET NOT NULL [ACCESS EXCLUSIVE, tx]
alter table "public"."invoices" alter column "customer_id" set not null;
-- ALTER TABLE SET NOT NULL [ACCESS EXCLUSIVE, tx]
alter table "public"."invoices" alter column "number" set not null;
-- CREATE INDEX [SHARE, tx]
CREATE INDEX invoices_customer_idx ON public.invoices USING btree (customer_id);
-- CREATE UNIQUE INDEX [SHARE, tx]
CREATE UNIQUE INDEX invoices_number_key ON public.invoices USING btree (number);
-- ALTER TABLE ADD CHECK [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.invoices ADD CONSTRAINT invoices_amount_check CHECK (amount >= 0::numeric);
-- ALTER TABLE ADD FOREIGN KEY [SHARE ROW EXCLUSIVE, tx]
ALTER TABLE public.invoices ADD CONSTRAINT invoices_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);
-- ALTER TABLE ADD UNIQUE USING INDEX [ACCESS EXCLUSIVE, tx]
alter table "public"."invoices" add constraint "invoices_number_key" UNIQUE using index "invoices_number_key";
