CREATE DOMAIN status AS text DEFAULT 'open';
        CREATE TABLE tasks (id int PRIMARY KEY, s status);
