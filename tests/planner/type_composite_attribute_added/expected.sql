-- phase: expand
-- ALTER TYPE ADD ATTRIBUTE [ACCESS EXCLUSIVE, tx]
ALTER TYPE "public"."address" ADD ATTRIBUTE "zip" text;
