CREATE TABLE accounts (id bigint PRIMARY KEY);
CREATE TABLE audit (id bigint PRIMARY KEY, account_id bigint REFERENCES accounts (id));
