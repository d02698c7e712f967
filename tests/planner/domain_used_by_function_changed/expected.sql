-- phase: constrain
-- ALTER DOMAIN SET NOT NULL [SHARE, tx, VALIDATION_SCAN]
ALTER DOMAIN "public"."percent" SET NOT NULL;
