CREATE DOMAIN percent AS int CONSTRAINT percent_range CHECK (VALUE BETWEEN 0 AND 1000);
        CREATE TABLE scores (id int PRIMARY KEY, p percent);
