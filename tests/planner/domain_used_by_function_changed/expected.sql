-- phase: constrain
-- ALTER DOMAIN SET NOT NULL [SHARE, tx, VALIDATION_SCAN]
alter domain "public"."percent" set not null;
