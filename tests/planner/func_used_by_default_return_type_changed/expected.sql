-- phase: contract
-- ALTER TABLE DROP DEFAULT + DROP FUNCTION + CREATE FUNCTION + ALTER TABLE SET DEFAULT [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
alter table "public"."ranks" alter column "rank" drop default;
drop function if exists "public"."next_rank"();
CREATE OR REPLACE FUNCTION public.next_rank()
 RETURNS bigint
 LANGUAGE sql
AS $function$ SELECT 1::bigint $function$;
alter table "public"."ranks" alter column "rank" set default next_rank();
