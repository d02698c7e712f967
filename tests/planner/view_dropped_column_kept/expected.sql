-- phase: contract
-- DROP VIEW [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, IRREVERSIBLE, destructive]
drop view if exists "public"."order_list";
