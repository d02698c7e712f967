-- phase: expand
-- CREATE COLLATION [NONE, tx]
create collation if not exists "public"."bytewise" (provider = 'libc', locale = 'C');
-- REPLACE DOMAIN [ACCESS EXCLUSIVE, tx]
CREATE DOMAIN "public"."code__sw_new" AS text COLLATE public.bytewise CONSTRAINT "code_check" CHECK ((VALUE <> ''::text));
ALTER TABLE "public"."labels" ALTER COLUMN "code" TYPE "public"."code__sw_new" USING "code"::text::"public"."code__sw_new";
DROP DOMAIN "public"."code";
ALTER DOMAIN "public"."code__sw_new" RENAME TO "code";
