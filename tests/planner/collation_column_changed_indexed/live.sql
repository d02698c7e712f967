CREATE TABLE names (id int PRIMARY KEY, name text NOT NULL);
CREATE INDEX names_name_idx ON names (name);
INSERT INTO names VALUES (1, 'b'), (2, 'A'), (3, 'a');
