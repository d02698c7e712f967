CREATE TABLE users (id int PRIMARY KEY, tenant int NOT NULL, email text NOT NULL, CONSTRAINT users_email_key UNIQUE (tenant, email));
