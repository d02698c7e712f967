-- phase: contract
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
ALTER TABLE "public"."documents" DROP CONSTRAINT "documents_folder_id_fkey";
ALTER TABLE "public"."folders" DROP CONSTRAINT "folders_parent_id_fkey";
alter table "public"."documents" alter column "folder_id" set data type text using "folder_id"::text;
alter table "public"."folders" alter column "id" set data type text using "id"::text;
alter table "public"."folders" alter column "parent_id" set data type text using "parent_id"::text;
ALTER TABLE "public"."documents" ADD CONSTRAINT "documents_folder_id_fkey" FOREIGN KEY (folder_id) REFERENCES folders(id) ON DELETE SET NULL NOT VALID;
ALTER TABLE "public"."folders" ADD CONSTRAINT "folders_parent_id_fkey" FOREIGN KEY (parent_id) REFERENCES folders(id) ON DELETE CASCADE NOT VALID;
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."documents" VALIDATE CONSTRAINT "documents_folder_id_fkey";
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."folders" VALIDATE CONSTRAINT "folders_parent_id_fkey";
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "public"."documents" alter column "version" set data type bigint using "version"::bigint;
