CREATE DOMAIN short_name AS varchar(40);
        CREATE TABLE tags (id int PRIMARY KEY, name short_name NOT NULL);
