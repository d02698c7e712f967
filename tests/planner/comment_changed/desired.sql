CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, legacy_code text, email text);
COMMENT ON TABLE accounts IS 'customer accounts (one per paying customer)';
COMMENT ON COLUMN accounts.email IS 'where invoices go';
COMMENT ON COLUMN accounts.legacy_code IS 'code from the old system';
CREATE VIEW account_names AS SELECT id, name FROM accounts;
COMMENT ON VIEW account_names IS 'names only, for the picker';
CREATE TABLE invoices (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES accounts (id));
COMMENT ON TABLE invoices IS 'one row per invoice sent';
