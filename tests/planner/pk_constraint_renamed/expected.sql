-- phase: expand
-- ALTER TABLE RENAME CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."codes" RENAME CONSTRAINT "codes_pk" TO "codes_pkey";
