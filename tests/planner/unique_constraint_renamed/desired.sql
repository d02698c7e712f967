CREATE TABLE users (id int PRIMARY KEY, email text NOT NULL CONSTRAINT users_email_key UNIQUE, age int CONSTRAINT users_age_check CHECK (age > 0));
