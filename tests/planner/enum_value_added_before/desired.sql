CREATE TYPE order_status AS ENUM ('new', 'paid', 'shipped');
        CREATE TABLE orders (id int PRIMARY KEY, status order_status NOT NULL);
