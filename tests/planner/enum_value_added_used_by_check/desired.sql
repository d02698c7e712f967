CREATE TYPE order_status AS ENUM ('new', 'paid', 'refunded');
        CREATE TABLE orders (id int PRIMARY KEY, status order_status NOT NULL, paid_at date,
          CONSTRAINT refunds_were_paid CHECK (status <> 'refunded' OR paid_at IS NOT NULL));
