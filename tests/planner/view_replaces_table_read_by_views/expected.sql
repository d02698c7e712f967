-- phase: expand
-- CREATE TABLE [NONE, tx]
create table "public"."order_lines" (
    "id" bigint not null,
    "customer_id" bigint not null,
    "amount" integer not null
);
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX order_lines_pkey ON public.order_lines USING btree (id);
-- ALTER TABLE ADD PRIMARY KEY USING INDEX [NONE, tx]
alter table "public"."order_lines" add constraint "order_lines_pkey" PRIMARY KEY using index "order_lines_pkey";

-- phase: contract
-- DROP VIEW + DROP TABLE + CREATE VIEW + GRANT [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
drop view if exists "public"."big_order_names";
drop view if exists "public"."big_orders";
drop table "public"."orders";
create or replace view "public"."orders" as  SELECT id,
    customer_id,
    amount
   FROM order_lines;
create or replace view "public"."big_orders" as  SELECT id,
    customer_id,
    amount
   FROM orders
  WHERE (amount > 20);
create or replace view "public"."big_order_names" as  SELECT b.id,
    c.name
   FROM (big_orders b
     JOIN customers c ON ((c.id = b.customer_id)));
GRANT SELECT ON TABLE "public"."big_order_names" TO "sw_fx_view_replaces_table";
