-- phase: expand
-- VARIABLE SET [NONE, tx]
set check_function_bodies = off;

-- phase: contract
-- REPLACE FUNCTION [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS]
alter table "public"."ranks" alter column "rank" drop default;
drop function if exists "public"."next_rank"();
CREATE OR REPLACE FUNCTION public.next_rank()
 RETURNS bigint
 LANGUAGE sql
AS $function$ SELECT 1::bigint $function$;
alter table "public"."ranks" alter column "rank" set default next_rank();
