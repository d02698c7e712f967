CREATE SCHEMA app; CREATE SCHEMA audit;
CREATE TABLE app.orders (id bigint PRIMARY KEY, amount int NOT NULL);
CREATE TABLE audit.log (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), what text);
INSERT INTO app.orders VALUES (1, 10), (2, 20);
INSERT INTO audit.log (id, what) VALUES (1, 'created');
