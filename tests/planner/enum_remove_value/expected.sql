-- phase: contract
-- REBUILD ENUM [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, BREAKS_CLIENTS, TABLE_REWRITE, destructive]
ALTER TABLE "public"."orders" ALTER COLUMN "status" DROP DEFAULT;
ALTER TYPE "public"."order_status" RENAME TO "order_status__old_version_to_be_dropped";
CREATE TYPE "public"."order_status" AS ENUM ('pending', 'paid', 'shipped');
ALTER TABLE "public"."orders" ALTER COLUMN "status" TYPE "public"."order_status" USING "status"::text::"public"."order_status";
ALTER TABLE "public"."orders" ALTER COLUMN "status" SET DEFAULT 'pending'::order_status;
DROP TYPE "public"."order_status__old_version_to_be_dropped";
