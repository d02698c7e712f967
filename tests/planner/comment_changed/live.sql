CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, legacy_code text);
COMMENT ON TABLE accounts IS 'customer accounts';
COMMENT ON COLUMN accounts.name IS 'display name';
COMMENT ON COLUMN accounts.legacy_code IS 'code from the old system';
CREATE VIEW account_names AS SELECT id, name FROM accounts;
INSERT INTO accounts SELECT i, 'account ' || i, 'L' || i FROM generate_series(1, 2000) AS i;
