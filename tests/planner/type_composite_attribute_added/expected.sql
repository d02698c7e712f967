-- phase: expand
-- ALTER TYPE ADD ATTRIBUTE [ACCESS EXCLUSIVE, tx]
alter type "public"."address" add attribute "zip" text;
