-- A schema kept as plain SQL (a Rails structure.sql, a pg_dump --schema-only, hand-written DDL): give the file
-- to schemawright as it is. The document's name is the file's stem (`structure`), the schema `public`.
-- Every statement must pass the SQL allow-list (docs/sql-allow-list.md): DDL only, no data, no COPY.

CREATE TABLE customers (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX customers_email_key ON customers (lower(email));

CREATE TABLE invoices (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    customer_id bigint NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
    issued_at timestamptz NOT NULL DEFAULT now(),
    paid_at timestamptz
);
CREATE INDEX invoices_customer_id_idx ON invoices (customer_id);
CREATE INDEX invoices_unpaid_idx ON invoices (issued_at) WHERE paid_at IS NULL;

COMMENT ON TABLE invoices IS 'One row per invoice; amounts in cents.';

CREATE VIEW unpaid_invoices AS
    SELECT i.id, c.email, i.amount_cents, i.issued_at
    FROM invoices i JOIN customers c ON c.id = i.customer_id
    WHERE i.paid_at IS NULL;
