-- phase: expand
-- ALTER TYPE ADD VALUE [NONE, no-tx]
ALTER TYPE "public"."order_status" ADD VALUE IF NOT EXISTS 'shipped' AFTER 'paid';
-- CREATE TABLE [NONE, tx]
create table "public"."shipments" (
    "id" bigint not null,
    "order_id" bigint not null,
    "shipped_at" timestamp with time zone not null default now()
);
-- ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.customers ADD COLUMN email text;
-- CREATE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE INDEX CONCURRENTLY orders_customer_idx ON public.orders USING btree (customer_id);
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX shipments_pkey ON public.shipments USING btree (id);
-- ALTER TABLE ADD PRIMARY KEY USING INDEX [NONE, tx]
alter table "public"."shipments" add constraint "shipments_pkey" PRIMARY KEY using index "shipments_pkey";
-- ALTER TABLE ADD FOREIGN KEY [SHARE ROW EXCLUSIVE, tx]
ALTER TABLE public.shipments ADD CONSTRAINT shipments_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id);

-- phase: contract
-- DROP VIEW + ALTER TABLE DROP COLUMN + ALTER TABLE ALTER COLUMN TYPE + CREATE VIEW [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, TABLE_REWRITE, destructive]
drop view if exists "public"."order_summary";
alter table "public"."orders" drop column "legacy_flag";
alter table "public"."orders" alter column "amount" set data type bigint using "amount"::bigint;
CREATE OR REPLACE VIEW "public"."order_summary" AS SELECT customer_id,
    count(*) AS n,
    sum(amount) AS total
   FROM orders
  GROUP BY customer_id;
