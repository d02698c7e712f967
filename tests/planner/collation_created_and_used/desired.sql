CREATE COLLATION bytewise (provider = libc, locale = 'C');
        CREATE TABLE names (id int PRIMARY KEY, name text COLLATE bytewise NOT NULL);
