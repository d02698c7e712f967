CREATE TABLE names (id int PRIMARY KEY, name text NOT NULL);
CREATE INDEX names_name_c ON names (name COLLATE "C");
INSERT INTO names VALUES (1, 'b'), (2, 'A');
