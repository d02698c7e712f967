CREATE TABLE memberships (id int NOT NULL, team int NOT NULL, member int NOT NULL, CONSTRAINT memberships_pkey PRIMARY KEY (id));
INSERT INTO memberships VALUES (1, 1, 1), (2, 1, 2), (3, 2, 1);
