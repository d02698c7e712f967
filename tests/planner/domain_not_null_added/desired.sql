CREATE DOMAIN code AS text NOT NULL;
        CREATE TABLE items (id int PRIMARY KEY, c code);
