CREATE EXTENSION IF NOT EXISTS ltree;
        CREATE TABLE pages (id int PRIMARY KEY, path ltree, title text);
