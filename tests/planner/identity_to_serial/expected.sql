-- phase: expand
-- ALTER TABLE DROP IDENTITY + CREATE SEQUENCE + SET DEFAULT (one transaction, sequence past the existing ids) [ACCESS EXCLUSIVE, tx]
alter table "public"."users" alter column "id" drop identity;
CREATE SEQUENCE "public"."users_id_seq" AS integer;
select setval('"public"."users_id_seq"', coalesce((select max("id") from "public"."users"), 0) + 1, false);
alter table "public"."users" alter column "id" set default nextval('users_id_seq'::regclass);
alter sequence "public"."users_id_seq" owned by "public"."users"."id";
