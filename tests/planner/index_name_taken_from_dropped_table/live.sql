CREATE TABLE "User" (id text PRIMARY KEY, email text NOT NULL);
CREATE UNIQUE INDEX "User_email_key" ON "User" (email);
INSERT INTO "User" VALUES ('u1', 'a@example.org');
