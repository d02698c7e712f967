-- phase: contract
-- DROP TYPE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop type "public"."audit";
-- CREATE TABLE [NONE, tx]
create table "public"."audit" (
    "id" bigint not null,
    "account_id" bigint
);
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX audit_pkey ON public.audit USING btree (id);
-- ALTER TABLE ADD PRIMARY KEY USING INDEX [NONE, tx]
alter table "public"."audit" add constraint "audit_pkey" PRIMARY KEY using index "audit_pkey";
-- ALTER TABLE ADD FOREIGN KEY [SHARE ROW EXCLUSIVE, tx]
ALTER TABLE public.audit ADD CONSTRAINT audit_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
