-- phase: expand
-- VARIABLE SET [NONE, tx]
set check_function_bodies = off;
-- CREATE FUNCTION [NONE, tx]
CREATE OR REPLACE FUNCTION public.valid_code(c text, max_len integer)
 RETURNS boolean
 LANGUAGE sql
 IMMUTABLE
AS $function$ SELECT length(c) <= max_len AND c ~ '^[A-Z]+$' $function$;
-- ALTER TABLE ADD CHECK NOT VALID [ACCESS EXCLUSIVE, tx]
ALTER TABLE public.products ADD CONSTRAINT code_valid__sw_new CHECK (valid_code(code, 4)) NOT VALID;

-- phase: constrain
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."products" VALIDATE CONSTRAINT "code_valid__sw_new";
-- ALTER TABLE DROP CONSTRAINT + RENAME CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."products" DROP CONSTRAINT "code_valid";
ALTER TABLE "public"."products" RENAME CONSTRAINT "code_valid__sw_new" TO "code_valid";

-- phase: contract
-- DROP FUNCTION [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop function if exists "public"."valid_code"(c text);
