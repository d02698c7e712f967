-- phase: expand
-- ALTER TABLE RENAME CONSTRAINT [ACCESS EXCLUSIVE, tx]
ALTER TABLE "public"."comments" RENAME CONSTRAINT "Comment_body_not_null" TO "comment_body_required";
