-- phase: expand
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."customers" ALTER COLUMN "name" TYPE varchar(100);
