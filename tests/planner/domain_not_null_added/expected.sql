-- phase: constrain
-- ALTER DOMAIN SET NOT NULL [SHARE, tx, VALIDATION_SCAN]
alter domain "public"."code" set not null;
