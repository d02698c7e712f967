CREATE TYPE money_amount AS (units bigint, currency text);
        CREATE TABLE payments (id int PRIMARY KEY, amount money_amount);
