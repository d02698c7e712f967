-- phase: expand
-- CREATE TABLE [NONE, tx]
create table "public"."b" (
    "id" bigint not null default nextval('global_id'::regclass),
    "w" text
);
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX b_pkey ON public.b USING btree (id);
-- ALTER TABLE ADD PRIMARY KEY USING INDEX [NONE, tx]
alter table "public"."b" add constraint "b_pkey" PRIMARY KEY using index "b_pkey";
