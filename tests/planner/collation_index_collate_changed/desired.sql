CREATE TABLE names (id int PRIMARY KEY, name text NOT NULL);
        CREATE INDEX names_name_c ON names (name COLLATE "POSIX");
