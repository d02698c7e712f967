CREATE EXTENSION pg_trgm VERSION '1.6';
        CREATE TABLE articles (id int PRIMARY KEY, title text NOT NULL);
