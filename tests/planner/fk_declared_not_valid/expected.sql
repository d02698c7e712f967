-- phase: expand
-- CREATE TABLE [NONE, tx]
create table "public"."oauth_grants" (
    "id" bigint not null,
    "user_id" bigint
);
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX oauth_grants_pkey ON public.oauth_grants USING btree (id);
-- ALTER TABLE ADD PRIMARY KEY USING INDEX [NONE, tx]
alter table "public"."oauth_grants" add constraint "oauth_grants_pkey" PRIMARY KEY using index "oauth_grants_pkey";
-- ALTER TABLE ADD FOREIGN KEY NOT VALID [SHARE ROW EXCLUSIVE, tx]
ALTER TABLE public.oauth_grants ADD CONSTRAINT oauth_grants_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
-- ALTER TABLE ADD CHECK NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.oauth_tokens ADD CONSTRAINT oauth_tokens_scopes_check CHECK (scopes <> ''::text) NOT VALID;
-- ALTER TABLE ADD FOREIGN KEY NOT VALID [SHARE ROW EXCLUSIVE, tx]
ALTER TABLE public.oauth_tokens ADD CONSTRAINT oauth_tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) NOT VALID;
