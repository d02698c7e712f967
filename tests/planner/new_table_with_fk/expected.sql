-- phase: expand
-- CREATE TABLE [NONE, tx]
create table "public"."addresses" (
    "id" bigint generated always as identity not null,
    "customer_id" bigint not null,
    "line1" text not null,
    "city" text not null
);
-- CREATE INDEX [NONE, tx]
CREATE INDEX addresses_customer_idx ON public.addresses USING btree (customer_id);
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX addresses_pkey ON public.addresses USING btree (id);
-- ALTER TABLE ADD PRIMARY KEY USING INDEX [NONE, tx]
alter table "public"."addresses" add constraint "addresses_pkey" PRIMARY KEY using index "addresses_pkey";
-- ALTER TABLE ADD FOREIGN KEY [SHARE ROW EXCLUSIVE, tx]
ALTER TABLE public.addresses ADD CONSTRAINT addresses_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE;
