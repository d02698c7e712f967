CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, public_id uuid NOT NULL DEFAULT uuidv7());
