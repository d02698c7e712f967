CREATE TABLE accounts (id int NOT NULL, region text NOT NULL, name text) PARTITION BY LIST (region);
        CREATE TABLE accounts_eu PARTITION OF accounts FOR VALUES IN ('eu', 'uk');
        CREATE TABLE accounts_us PARTITION OF accounts FOR VALUES IN ('us');
