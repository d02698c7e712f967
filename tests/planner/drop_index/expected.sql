-- phase: contract
-- DROP INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, destructive]
DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_status_idx";
