CREATE TABLE teams (id int PRIMARY KEY, name text);
CREATE TABLE players (id int PRIMARY KEY, team_id int NOT NULL REFERENCES teams (id));
INSERT INTO teams VALUES (1, 'red'), (2, 'blue');
INSERT INTO players VALUES (1, 1), (2, 2);
