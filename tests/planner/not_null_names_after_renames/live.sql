-- a table and column renamed (rallly, 2022): PostgreSQL 18 keeps the NOT NULL constraints' first names
CREATE TABLE "Comment" (id integer NOT NULL, "authorName" text NOT NULL, body text NOT NULL);
ALTER TABLE "Comment" RENAME TO comments;
ALTER TABLE comments RENAME "authorName" TO author_name;
INSERT INTO comments VALUES (1, 'ann', 'hello');
