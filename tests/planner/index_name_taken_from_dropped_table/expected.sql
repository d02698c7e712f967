-- phase: expand
-- CREATE TABLE [NONE, tx]
create table "public"."users" (
    "id" text not null,
    "email" text not null
);
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX users_pkey ON public.users USING btree (id);
-- ALTER TABLE ADD PRIMARY KEY USING INDEX [NONE, tx]
alter table "public"."users" add constraint "users_pkey" PRIMARY KEY using index "users_pkey";

-- phase: contract
-- DROP TABLE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
DROP TABLE "public"."User";
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX "User_email_key" ON public.users USING btree (email);
