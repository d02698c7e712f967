CREATE DOMAIN email AS text CONSTRAINT email_has_at CHECK (VALUE LIKE '%@%');
        CREATE TABLE users (id int PRIMARY KEY, mail email NOT NULL);
