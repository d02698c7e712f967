-- phase: expand
-- ALTER DOMAIN ADD CONSTRAINT NOT VALID [SHARE, tx]
alter domain "public"."email" add constraint "email_has_at" check ((VALUE ~~ '%@%'::text)) not valid;

-- phase: constrain
-- ALTER DOMAIN VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
alter domain "public"."email" validate constraint "email_has_at";
