CREATE TABLE memberships (id int NOT NULL, team int NOT NULL, member int NOT NULL, CONSTRAINT memberships_pkey PRIMARY KEY (team, member));
