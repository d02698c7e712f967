-- phase: contract
-- ALTER TYPE DROP ATTRIBUTE [ACCESS EXCLUSIVE, tx, BREAKS_CLIENTS, DELETES_DATA, IRREVERSIBLE, destructive]
alter type "public"."address" drop attribute "fax";
