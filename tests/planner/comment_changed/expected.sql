-- phase: expand
-- CREATE TABLE [NONE, tx]
create table "public"."invoices" (
    "id" bigint not null,
    "account_id" bigint not null
);
-- COMMENT [SHARE UPDATE EXCLUSIVE, tx]
COMMENT ON TABLE "public"."invoices" IS 'one row per invoice sent';
-- ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.accounts ADD COLUMN email text;
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX invoices_pkey ON public.invoices USING btree (id);
-- ALTER TABLE ADD PRIMARY KEY USING INDEX [NONE, tx]
alter table "public"."invoices" add constraint "invoices_pkey" PRIMARY KEY using index "invoices_pkey";
-- ALTER TABLE ADD FOREIGN KEY [SHARE ROW EXCLUSIVE, tx]
ALTER TABLE public.invoices ADD CONSTRAINT invoices_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
-- COMMENT [SHARE UPDATE EXCLUSIVE, tx]
COMMENT ON TABLE "public"."accounts" IS 'customer accounts (one per paying customer)';
-- COMMENT [SHARE UPDATE EXCLUSIVE, tx]
COMMENT ON COLUMN "public"."accounts"."email" IS 'where invoices go';
-- COMMENT [SHARE UPDATE EXCLUSIVE, tx]
COMMENT ON COLUMN "public"."accounts"."name" IS NULL;
-- COMMENT [SHARE UPDATE EXCLUSIVE, tx]
COMMENT ON VIEW "public"."account_names" IS 'names only, for the picker';
