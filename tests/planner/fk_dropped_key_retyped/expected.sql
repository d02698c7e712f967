-- phase: contract
-- ALTER TABLE DROP CONSTRAINT [ACCESS EXCLUSIVE, tx, destructive]
alter table "public"."documents" drop constraint "documents_folder_id_fkey";
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx]
alter table "public"."folders" alter column "id" set data type text using "id"::text;
