CREATE TABLE names (id int PRIMARY KEY, name text COLLATE "C" NOT NULL);
        CREATE INDEX names_name_idx ON names (name);
