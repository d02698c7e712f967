CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE TYPE audit AS ENUM ('created', 'deleted');
