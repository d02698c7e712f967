CREATE DOMAIN status AS text DEFAULT 'new';
CREATE TABLE tasks (id int PRIMARY KEY, s status);
INSERT INTO tasks VALUES (1, 'new'), (2, 'done');
