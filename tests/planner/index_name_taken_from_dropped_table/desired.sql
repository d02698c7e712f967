-- rallly renamed "User" to users in 2022 and kept its index names (Prisma's naming convention update); planned
-- without renamedFrom, the old table is dropped and the new one takes its index's name
CREATE TABLE users (id text PRIMARY KEY, email text NOT NULL);
CREATE UNIQUE INDEX "User_email_key" ON users (email);
