CREATE TABLE pages (id int PRIMARY KEY, title text NOT NULL);
