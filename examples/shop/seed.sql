-- Demo data for the shop, version 1 (examples/shop/v1/schema.yaml).
--
-- Plain SQL, run by the demo directly against a database freshly created from v1 (not through the
-- guard), as the tables' owner or a superuser: row-level security does not apply to them, so one
-- script can write every tenant's rows. An application role would instead run
--   SET app.current_tenant_id = '<tenant uuid>';
-- and see only that tenant's rows.
--
-- Fixed UUIDv7-shaped literals for the rows other rows point at (tenants, users, products, orders),
-- so the script reads like a fixture; uuidv7() defaults for the rest (prices, order items).
--
-- Deliberately left for v2 to deal with (see README.md):
--   * three users have no name (users.name is nullable in v1; v2 makes it NOT NULL and backfills);
--   * one soft-deleted user shares an e-mail (case-insensitively) with a live one: allowed by the
--     partial unique index users_tenant_email_key;
--   * each order has at most one line per product (v2 adds UNIQUE (order_id, product_id));
--   * some products have a legacy_code (v2 drops the column);
--   * five products changed price on 2025-06-01 (the history rows are renamed with the table in v2).

BEGIN;

INSERT INTO tenants (id, name, slug, created_at) VALUES
    ('01940000-0000-7000-8000-000000000001', 'Acme Outdoor',         'acme-outdoor',   '2024-11-04 09:00+00'),
    ('01940000-0000-7000-8000-000000000002', 'Bluebird Books',       'bluebird-books', '2024-11-18 09:00+00'),
    ('01940000-0000-7000-8000-000000000003', 'Copper Kettle Coffee', 'copper-kettle',  '2024-12-02 09:00+00');

-- Users 3, 7 and 10 signed up without a name. User 11 is Grace Lin's first account, closed and
-- soft-deleted; she signed up again as user 7 with the same address (citext: case does not matter).
INSERT INTO users (id, tenant_id, email, name, created_at, deleted_at) VALUES
    ('01940000-0001-7000-8000-000000000001', '01940000-0000-7000-8000-000000000001', 'alice.martin@example.com', 'Alice Martin',   '2024-12-01 10:15+00', NULL),
    ('01940000-0001-7000-8000-000000000002', '01940000-0000-7000-8000-000000000001', 'bruno.keller@example.com', 'Bruno Keller',   '2024-12-03 18:40+00', NULL),
    ('01940000-0001-7000-8000-000000000003', '01940000-0000-7000-8000-000000000001', 'chen.wei@example.net',     NULL,             '2024-12-09 07:55+00', NULL),
    ('01940000-0001-7000-8000-000000000004', '01940000-0000-7000-8000-000000000001', 'dana.okafor@example.com',  'Dana Okafor',    '2025-01-12 12:30+00', NULL),
    ('01940000-0001-7000-8000-000000000005', '01940000-0000-7000-8000-000000000002', 'eleanor.hughes@example.org', 'Eleanor Hughes', '2024-12-14 20:05+00', NULL),
    ('01940000-0001-7000-8000-000000000006', '01940000-0000-7000-8000-000000000002', 'farid.haddad@example.org', 'Farid Haddad',   '2024-12-20 08:10+00', NULL),
    ('01940000-0001-7000-8000-000000000007', '01940000-0000-7000-8000-000000000002', 'grace.lin@example.org',    NULL,             '2025-01-08 16:45+00', NULL),
    ('01940000-0001-7000-8000-000000000008', '01940000-0000-7000-8000-000000000003', 'hiro.tanaka@example.com',  'Hiro Tanaka',    '2024-12-05 06:20+00', NULL),
    ('01940000-0001-7000-8000-000000000009', '01940000-0000-7000-8000-000000000003', 'isabel.costa@example.com', 'Isabel Costa',   '2024-12-11 14:00+00', NULL),
    ('01940000-0001-7000-8000-000000000010', '01940000-0000-7000-8000-000000000003', 'jamal.reed@example.net',   NULL,             '2025-01-02 19:35+00', NULL),
    ('01940000-0001-7000-8000-000000000011', '01940000-0000-7000-8000-000000000002', 'Grace.Lin@example.org',    'Grace Lin',      '2024-11-25 11:00+00', '2025-01-05 09:00+00');

-- 20 products. Attributes differ by what a tenant sells (see ADR-0001 in the schema).
INSERT INTO products (id, tenant_id, sku, name, attributes, legacy_code, created_at, deleted_at) VALUES
    -- Acme Outdoor
    ('01940000-0002-7000-8000-000000000001', '01940000-0000-7000-8000-000000000001', 'ACME-TENT-2P',      'Ridgeline tent, 2 person',   '{"capacity": 2, "seasons": 3, "weight_g": 1850, "colour": "green"}',   'OUT-10231', '2024-11-10 10:00+00', NULL),
    ('01940000-0002-7000-8000-000000000002', '01940000-0000-7000-8000-000000000001', 'ACME-TENT-4P',      'Ridgeline tent, 4 person',   '{"capacity": 4, "seasons": 3, "weight_g": 3400, "colour": "orange"}',  'OUT-10232', '2024-11-10 10:00+00', NULL),
    ('01940000-0002-7000-8000-000000000003', '01940000-0000-7000-8000-000000000001', 'ACME-BAG-MUMMY-R',  'Alpine mummy sleeping bag',  '{"fill": "down", "comfort_c": -5, "length": "regular"}',              'OUT-20410', '2024-11-10 10:00+00', NULL),
    ('01940000-0002-7000-8000-000000000004', '01940000-0000-7000-8000-000000000001', 'ACME-STOVE-TI',     'Titanium canister stove',    '{"fuel": "isobutane", "weight_g": 73}',                                 NULL,        '2024-11-12 10:00+00', NULL),
    ('01940000-0002-7000-8000-000000000005', '01940000-0000-7000-8000-000000000001', 'ACME-JKT-RAIN-M',   'Storm rain jacket, M',       '{"size": "M", "colour": "red", "waterproof_mm": 20000}',               'OUT-30077', '2024-11-12 10:00+00', NULL),
    ('01940000-0002-7000-8000-000000000006', '01940000-0000-7000-8000-000000000001', 'ACME-JKT-RAIN-L',   'Storm rain jacket, L',       '{"size": "L", "colour": "red", "waterproof_mm": 20000}',               'OUT-30078', '2024-11-12 10:00+00', NULL),
    -- delisted in October (soft delete): still referenced by past orders, gone from the storefront
    ('01940000-0002-7000-8000-000000000007', '01940000-0000-7000-8000-000000000001', 'ACME-HEADLAMP-300', 'Headlamp, 300 lumen',        '{"lumens": 300, "battery": "AAA"}',                                     NULL,        '2024-11-15 10:00+00', '2025-10-20 08:00+00'),
    -- Bluebird Books
    ('01940000-0002-7000-8000-000000000008', '01940000-0000-7000-8000-000000000002', 'BB-PRIDE-PB',       'Pride and Prejudice',        '{"author": "Jane Austen", "format": "paperback", "language": "en"}',      'BK-0001',   '2024-11-20 09:00+00', NULL),
    ('01940000-0002-7000-8000-000000000009', '01940000-0000-7000-8000-000000000002', 'BB-MOBY-HB',        'Moby-Dick',                  '{"author": "Herman Melville", "format": "hardback", "language": "en"}',  'BK-0002',   '2024-11-20 09:00+00', NULL),
    ('01940000-0002-7000-8000-000000000010', '01940000-0000-7000-8000-000000000002', 'BB-FRANK-PB',       'Frankenstein',               '{"author": "Mary Shelley", "format": "paperback", "language": "en"}',     'BK-0003',   '2024-11-20 09:00+00', NULL),
    ('01940000-0002-7000-8000-000000000011', '01940000-0000-7000-8000-000000000002', 'BB-ODYSSEY-PB',     'The Odyssey',                '{"author": "Homer", "format": "paperback", "language": "en", "translated": true}', NULL, '2024-11-22 09:00+00', NULL),
    ('01940000-0002-7000-8000-000000000012', '01940000-0000-7000-8000-000000000002', 'BB-MIDDLEMARCH-PB', 'Middlemarch',                '{"author": "George Eliot", "format": "paperback", "language": "en"}',     NULL,        '2024-11-22 09:00+00', NULL),
    ('01940000-0002-7000-8000-000000000013', '01940000-0000-7000-8000-000000000002', 'BB-KARAMAZOV-EBOOK', 'The Brothers Karamazov',    '{"author": "Fyodor Dostoevsky", "format": "ebook", "file": "epub"}',     NULL,        '2024-11-25 09:00+00', NULL),
    ('01940000-0002-7000-8000-000000000014', '01940000-0000-7000-8000-000000000002', 'BB-GIFTCARD-25',    'Gift card, 25 pounds',       '{"kind": "gift_card", "face_value": 25}',                              NULL,        '2024-11-25 09:00+00', NULL),
    -- Copper Kettle Coffee
    ('01940000-0002-7000-8000-000000000015', '01940000-0000-7000-8000-000000000003', 'CK-ETH-YIRG-250-WB', 'Ethiopia Yirgacheffe, 250 g, whole bean', '{"origin": "Ethiopia", "roast": "light", "grind": "whole bean", "weight_g": 250}',  NULL, '2024-12-03 08:00+00', NULL),
    ('01940000-0002-7000-8000-000000000016', '01940000-0000-7000-8000-000000000003', 'CK-COL-HUILA-250-WB', 'Colombia Huila, 250 g, whole bean',     '{"origin": "Colombia", "roast": "medium", "grind": "whole bean", "weight_g": 250}', NULL, '2024-12-03 08:00+00', NULL),
    ('01940000-0002-7000-8000-000000000017', '01940000-0000-7000-8000-000000000003', 'CK-COL-HUILA-250-GR', 'Colombia Huila, 250 g, filter grind',   '{"origin": "Colombia", "roast": "medium", "grind": "filter", "weight_g": 250}',     NULL, '2024-12-03 08:00+00', NULL),
    ('01940000-0002-7000-8000-000000000018', '01940000-0000-7000-8000-000000000003', 'CK-BRA-CERR-1KG-WB', 'Brazil Cerrado, 1 kg, whole bean',       '{"origin": "Brazil", "roast": "medium-dark", "grind": "whole bean", "weight_g": 1000}', NULL, '2024-12-03 08:00+00', NULL),
    ('01940000-0002-7000-8000-000000000019', '01940000-0000-7000-8000-000000000003', 'CK-DRIPPER-V60',    'Ceramic pour-over dripper',  '{"material": "ceramic", "filter_size": "02"}',                          NULL,        '2024-12-04 08:00+00', NULL),
    ('01940000-0002-7000-8000-000000000020', '01940000-0000-7000-8000-000000000003', 'CK-FILTERS-100',    'Paper filters, pack of 100', '{"filter_size": "02", "count": 100}',                                   NULL,        '2024-12-04 08:00+00', NULL);

-- Prices: one current price per product (valid_until NULL); five products changed price on
-- 2025-06-01, so they also have a closed history row. Orders before that date were charged the old
-- price (see the order items below).
INSERT INTO product_prices (tenant_id, product_id, currency, amount, valid_from, valid_until)
SELECT p.tenant_id, p.id, v.currency, v.amount, v.valid_from, v.valid_until
  FROM (VALUES
    ('ACME-TENT-2P',        'EUR', 249.00, '2025-01-01 00:00+00'::timestamptz, '2025-06-01 00:00+00'::timestamptz),
    ('ACME-TENT-2P',        'EUR', 279.00, '2025-06-01 00:00+00', NULL),
    ('ACME-TENT-4P',        'EUR', 389.00, '2025-01-01 00:00+00', NULL),
    ('ACME-BAG-MUMMY-R',    'EUR', 219.00, '2025-01-01 00:00+00', NULL),
    ('ACME-STOVE-TI',       'EUR',  54.90, '2025-01-01 00:00+00', NULL),
    ('ACME-JKT-RAIN-M',     'EUR', 179.00, '2025-01-01 00:00+00', NULL),
    ('ACME-JKT-RAIN-L',     'EUR', 179.00, '2025-01-01 00:00+00', NULL),
    ('ACME-HEADLAMP-300',   'EUR',  39.90, '2025-01-01 00:00+00', NULL),
    ('BB-PRIDE-PB',         'GBP',   8.99, '2025-01-01 00:00+00', NULL),
    ('BB-MOBY-HB',          'GBP',  24.00, '2025-01-01 00:00+00', '2025-06-01 00:00+00'),
    ('BB-MOBY-HB',          'GBP',  26.00, '2025-06-01 00:00+00', NULL),
    ('BB-FRANK-PB',         'GBP',   7.99, '2025-01-01 00:00+00', NULL),
    ('BB-ODYSSEY-PB',       'GBP',  10.99, '2025-01-01 00:00+00', NULL),
    ('BB-MIDDLEMARCH-PB',   'GBP',  12.99, '2025-01-01 00:00+00', NULL),
    ('BB-KARAMAZOV-EBOOK',  'GBP',   6.49, '2025-01-01 00:00+00', NULL),
    ('BB-GIFTCARD-25',      'GBP',  25.00, '2025-01-01 00:00+00', NULL),
    ('CK-ETH-YIRG-250-WB',  'USD',  16.50, '2025-01-01 00:00+00', '2025-06-01 00:00+00'),
    ('CK-ETH-YIRG-250-WB',  'USD',  18.00, '2025-06-01 00:00+00', NULL),
    ('CK-COL-HUILA-250-WB', 'USD',  14.00, '2025-01-01 00:00+00', '2025-06-01 00:00+00'),
    ('CK-COL-HUILA-250-WB', 'USD',  15.50, '2025-06-01 00:00+00', NULL),
    ('CK-COL-HUILA-250-GR', 'USD',  14.00, '2025-01-01 00:00+00', '2025-06-01 00:00+00'),
    ('CK-COL-HUILA-250-GR', 'USD',  15.50, '2025-06-01 00:00+00', NULL),
    ('CK-BRA-CERR-1KG-WB',  'USD',  38.00, '2025-01-01 00:00+00', NULL),
    ('CK-DRIPPER-V60',      'USD',  28.00, '2025-01-01 00:00+00', NULL),
    ('CK-FILTERS-100',      'USD',   7.50, '2025-01-01 00:00+00', NULL)
  ) AS v (sku, currency, amount, valid_from, valid_until)
  JOIN products p ON p.sku = v.sku;

-- 30 orders over 2025 (12 + 10 + 8). Three recent ones are still pending: the payment-reminder
-- job's partial index (orders_pending_idx) covers exactly those.
INSERT INTO orders (id, tenant_id, user_id, status, currency, created_at) VALUES
    -- Acme Outdoor (EUR)
    ('01940000-0003-7000-8000-000000000001', '01940000-0000-7000-8000-000000000001', '01940000-0001-7000-8000-000000000001', 'delivered', 'EUR', '2025-02-05 11:37+00'),
    ('01940000-0003-7000-8000-000000000002', '01940000-0000-7000-8000-000000000001', '01940000-0001-7000-8000-000000000001', 'cancelled', 'EUR', '2025-02-27 10:37+00'),
    ('01940000-0003-7000-8000-000000000003', '01940000-0000-7000-8000-000000000001', '01940000-0001-7000-8000-000000000002', 'delivered', 'EUR', '2025-03-26 09:48+00'),
    ('01940000-0003-7000-8000-000000000004', '01940000-0000-7000-8000-000000000001', '01940000-0001-7000-8000-000000000002', 'delivered', 'EUR', '2025-04-16 12:05+00'),
    ('01940000-0003-7000-8000-000000000005', '01940000-0000-7000-8000-000000000001', '01940000-0001-7000-8000-000000000001', 'delivered', 'EUR', '2025-05-14 13:48+00'),
    ('01940000-0003-7000-8000-000000000006', '01940000-0000-7000-8000-000000000001', '01940000-0001-7000-8000-000000000002', 'delivered', 'EUR', '2025-06-08 10:48+00'),
    ('01940000-0003-7000-8000-000000000007', '01940000-0000-7000-8000-000000000001', '01940000-0001-7000-8000-000000000003', 'cancelled', 'EUR', '2025-06-30 16:48+00'),
    ('01940000-0003-7000-8000-000000000008', '01940000-0000-7000-8000-000000000001', '01940000-0001-7000-8000-000000000004', 'delivered', 'EUR', '2025-07-23 10:48+00'),
    ('01940000-0003-7000-8000-000000000009', '01940000-0000-7000-8000-000000000001', '01940000-0001-7000-8000-000000000002', 'delivered', 'EUR', '2025-08-15 10:48+00'),
    ('01940000-0003-7000-8000-000000000010', '01940000-0000-7000-8000-000000000001', '01940000-0001-7000-8000-000000000003', 'delivered', 'EUR', '2025-09-13 10:48+00'),
    ('01940000-0003-7000-8000-000000000011', '01940000-0000-7000-8000-000000000001', '01940000-0001-7000-8000-000000000003', 'shipped',   'EUR', '2025-10-06 16:05+00'),
    ('01940000-0003-7000-8000-000000000012', '01940000-0000-7000-8000-000000000001', '01940000-0001-7000-8000-000000000004', 'pending',   'EUR', '2025-11-14 13:48+00'),
    -- Bluebird Books (GBP)
    ('01940000-0003-7000-8000-000000000013', '01940000-0000-7000-8000-000000000002', '01940000-0001-7000-8000-000000000007', 'delivered', 'GBP', '2025-02-03 16:23+00'),
    ('01940000-0003-7000-8000-000000000014', '01940000-0000-7000-8000-000000000002', '01940000-0001-7000-8000-000000000006', 'delivered', 'GBP', '2025-03-05 13:12+00'),
    ('01940000-0003-7000-8000-000000000015', '01940000-0000-7000-8000-000000000002', '01940000-0001-7000-8000-000000000005', 'delivered', 'GBP', '2025-04-05 15:48+00'),
    ('01940000-0003-7000-8000-000000000016', '01940000-0000-7000-8000-000000000002', '01940000-0001-7000-8000-000000000005', 'delivered', 'GBP', '2025-05-04 14:37+00'),
    ('01940000-0003-7000-8000-000000000017', '01940000-0000-7000-8000-000000000002', '01940000-0001-7000-8000-000000000006', 'delivered', 'GBP', '2025-05-31 19:12+00'),
    ('01940000-0003-7000-8000-000000000018', '01940000-0000-7000-8000-000000000002', '01940000-0001-7000-8000-000000000006', 'delivered', 'GBP', '2025-07-02 14:48+00'),
    ('01940000-0003-7000-8000-000000000019', '01940000-0000-7000-8000-000000000002', '01940000-0001-7000-8000-000000000007', 'cancelled', 'GBP', '2025-07-31 18:05+00'),
    ('01940000-0003-7000-8000-000000000020', '01940000-0000-7000-8000-000000000002', '01940000-0001-7000-8000-000000000005', 'delivered', 'GBP', '2025-08-30 15:05+00'),
    ('01940000-0003-7000-8000-000000000021', '01940000-0000-7000-8000-000000000002', '01940000-0001-7000-8000-000000000005', 'paid',      'GBP', '2025-11-08 14:48+00'),
    ('01940000-0003-7000-8000-000000000022', '01940000-0000-7000-8000-000000000002', '01940000-0001-7000-8000-000000000005', 'pending',   'GBP', '2025-11-17 10:23+00'),
    -- Copper Kettle Coffee (USD)
    ('01940000-0003-7000-8000-000000000023', '01940000-0000-7000-8000-000000000003', '01940000-0001-7000-8000-000000000009', 'delivered', 'USD', '2025-02-07 15:12+00'),
    ('01940000-0003-7000-8000-000000000024', '01940000-0000-7000-8000-000000000003', '01940000-0001-7000-8000-000000000008', 'delivered', 'USD', '2025-03-14 16:37+00'),
    ('01940000-0003-7000-8000-000000000025', '01940000-0000-7000-8000-000000000003', '01940000-0001-7000-8000-000000000010', 'delivered', 'USD', '2025-04-18 13:37+00'),
    ('01940000-0003-7000-8000-000000000026', '01940000-0000-7000-8000-000000000003', '01940000-0001-7000-8000-000000000010', 'delivered', 'USD', '2025-05-24 11:48+00'),
    ('01940000-0003-7000-8000-000000000027', '01940000-0000-7000-8000-000000000003', '01940000-0001-7000-8000-000000000009', 'delivered', 'USD', '2025-06-30 17:23+00'),
    ('01940000-0003-7000-8000-000000000028', '01940000-0000-7000-8000-000000000003', '01940000-0001-7000-8000-000000000008', 'delivered', 'USD', '2025-08-07 14:12+00'),
    ('01940000-0003-7000-8000-000000000029', '01940000-0000-7000-8000-000000000003', '01940000-0001-7000-8000-000000000009', 'cancelled', 'USD', '2025-09-09 12:48+00'),
    ('01940000-0003-7000-8000-000000000030', '01940000-0000-7000-8000-000000000003', '01940000-0001-7000-8000-000000000010', 'pending',   'USD', '2025-11-12 18:23+00');

-- Order lines: (order, SKU, quantity). unit_price is the product's price in the order's currency
-- that was valid when the order was created: copied, as checkout does, so later price changes do
-- not rewrite history. At most one line per product per order.
INSERT INTO order_items (tenant_id, order_id, product_id, quantity, unit_price, created_at)
SELECT o.tenant_id, o.id, p.id, v.quantity, pp.amount, o.created_at
  FROM (VALUES
    ('01940000-0003-7000-8000-000000000001'::uuid, 'ACME-TENT-2P', 1),
    ('01940000-0003-7000-8000-000000000001'::uuid, 'ACME-BAG-MUMMY-R', 2),
    ('01940000-0003-7000-8000-000000000001'::uuid, 'ACME-JKT-RAIN-M', 1),
    ('01940000-0003-7000-8000-000000000002'::uuid, 'ACME-TENT-2P', 2),
    ('01940000-0003-7000-8000-000000000003'::uuid, 'ACME-JKT-RAIN-L', 2),
    ('01940000-0003-7000-8000-000000000003'::uuid, 'ACME-JKT-RAIN-M', 2),
    ('01940000-0003-7000-8000-000000000003'::uuid, 'ACME-TENT-2P', 2),
    ('01940000-0003-7000-8000-000000000004'::uuid, 'ACME-STOVE-TI', 2),
    ('01940000-0003-7000-8000-000000000004'::uuid, 'ACME-TENT-4P', 1),
    ('01940000-0003-7000-8000-000000000005'::uuid, 'ACME-JKT-RAIN-M', 1),
    ('01940000-0003-7000-8000-000000000005'::uuid, 'ACME-JKT-RAIN-L', 1),
    ('01940000-0003-7000-8000-000000000005'::uuid, 'ACME-TENT-4P', 2),
    ('01940000-0003-7000-8000-000000000006'::uuid, 'ACME-JKT-RAIN-L', 2),
    ('01940000-0003-7000-8000-000000000006'::uuid, 'ACME-JKT-RAIN-M', 5),
    ('01940000-0003-7000-8000-000000000007'::uuid, 'ACME-TENT-4P', 3),
    ('01940000-0003-7000-8000-000000000007'::uuid, 'ACME-HEADLAMP-300', 5),
    ('01940000-0003-7000-8000-000000000008'::uuid, 'ACME-JKT-RAIN-L', 1),
    ('01940000-0003-7000-8000-000000000008'::uuid, 'ACME-STOVE-TI', 2),
    ('01940000-0003-7000-8000-000000000009'::uuid, 'ACME-TENT-4P', 2),
    ('01940000-0003-7000-8000-000000000009'::uuid, 'ACME-STOVE-TI', 1),
    ('01940000-0003-7000-8000-000000000010'::uuid, 'ACME-JKT-RAIN-L', 2),
    ('01940000-0003-7000-8000-000000000010'::uuid, 'ACME-BAG-MUMMY-R', 2),
    ('01940000-0003-7000-8000-000000000011'::uuid, 'ACME-JKT-RAIN-L', 1),
    ('01940000-0003-7000-8000-000000000011'::uuid, 'ACME-HEADLAMP-300', 1),
    ('01940000-0003-7000-8000-000000000012'::uuid, 'ACME-JKT-RAIN-L', 3),
    ('01940000-0003-7000-8000-000000000012'::uuid, 'ACME-STOVE-TI', 1),
    ('01940000-0003-7000-8000-000000000013'::uuid, 'BB-ODYSSEY-PB', 1),
    ('01940000-0003-7000-8000-000000000014'::uuid, 'BB-GIFTCARD-25', 1),
    ('01940000-0003-7000-8000-000000000014'::uuid, 'BB-ODYSSEY-PB', 1),
    ('01940000-0003-7000-8000-000000000015'::uuid, 'BB-GIFTCARD-25', 1),
    ('01940000-0003-7000-8000-000000000015'::uuid, 'BB-MIDDLEMARCH-PB', 3),
    ('01940000-0003-7000-8000-000000000016'::uuid, 'BB-MOBY-HB', 1),
    ('01940000-0003-7000-8000-000000000017'::uuid, 'BB-MOBY-HB', 1),
    ('01940000-0003-7000-8000-000000000017'::uuid, 'BB-FRANK-PB', 1),
    ('01940000-0003-7000-8000-000000000017'::uuid, 'BB-KARAMAZOV-EBOOK', 2),
    ('01940000-0003-7000-8000-000000000018'::uuid, 'BB-KARAMAZOV-EBOOK', 5),
    ('01940000-0003-7000-8000-000000000019'::uuid, 'BB-ODYSSEY-PB', 2),
    ('01940000-0003-7000-8000-000000000019'::uuid, 'BB-GIFTCARD-25', 1),
    ('01940000-0003-7000-8000-000000000019'::uuid, 'BB-KARAMAZOV-EBOOK', 2),
    ('01940000-0003-7000-8000-000000000020'::uuid, 'BB-ODYSSEY-PB', 1),
    ('01940000-0003-7000-8000-000000000021'::uuid, 'BB-MIDDLEMARCH-PB', 1),
    ('01940000-0003-7000-8000-000000000022'::uuid, 'BB-GIFTCARD-25', 1),
    ('01940000-0003-7000-8000-000000000023'::uuid, 'CK-COL-HUILA-250-GR', 1),
    ('01940000-0003-7000-8000-000000000023'::uuid, 'CK-BRA-CERR-1KG-WB', 5),
    ('01940000-0003-7000-8000-000000000023'::uuid, 'CK-ETH-YIRG-250-WB', 2),
    ('01940000-0003-7000-8000-000000000024'::uuid, 'CK-ETH-YIRG-250-WB', 3),
    ('01940000-0003-7000-8000-000000000025'::uuid, 'CK-COL-HUILA-250-WB', 2),
    ('01940000-0003-7000-8000-000000000026'::uuid, 'CK-FILTERS-100', 3),
    ('01940000-0003-7000-8000-000000000026'::uuid, 'CK-ETH-YIRG-250-WB', 5),
    ('01940000-0003-7000-8000-000000000027'::uuid, 'CK-DRIPPER-V60', 2),
    ('01940000-0003-7000-8000-000000000028'::uuid, 'CK-BRA-CERR-1KG-WB', 3),
    ('01940000-0003-7000-8000-000000000029'::uuid, 'CK-ETH-YIRG-250-WB', 2),
    ('01940000-0003-7000-8000-000000000029'::uuid, 'CK-FILTERS-100', 1),
    ('01940000-0003-7000-8000-000000000029'::uuid, 'CK-COL-HUILA-250-GR', 1),
    ('01940000-0003-7000-8000-000000000030'::uuid, 'CK-COL-HUILA-250-GR', 1),
    ('01940000-0003-7000-8000-000000000030'::uuid, 'CK-ETH-YIRG-250-WB', 1)
  ) AS v (order_id, sku, quantity)
  JOIN orders o ON o.id = v.order_id
  JOIN products p ON p.tenant_id = o.tenant_id AND p.sku = v.sku
  JOIN product_prices pp
    ON pp.product_id = p.id
   AND pp.currency = o.currency
   AND pp.valid_from <= o.created_at
   AND (pp.valid_until IS NULL OR o.created_at < pp.valid_until);

-- Fail loudly rather than seed a partial data set (a typo in a SKU above would silently drop a line).
DO $$
BEGIN
    IF (SELECT count(*) FROM tenants) <> 3
       OR (SELECT count(*) FROM users) <> 11
       OR (SELECT count(*) FROM products) <> 20
       OR (SELECT count(*) FROM product_prices) <> 25
       OR (SELECT count(*) FROM orders) <> 30
       OR (SELECT count(*) FROM order_items) <> 56 THEN
        RAISE EXCEPTION 'shop seed: unexpected row counts (is the database fresh from v1?)';
    END IF;
END
$$;

COMMIT;
