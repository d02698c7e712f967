CREATE SCHEMA app; CREATE SCHEMA reporting;
CREATE TABLE app.orders (id bigint PRIMARY KEY, amount int NOT NULL);
CREATE VIEW reporting.daily AS SELECT count(*) AS n, sum(amount) AS total FROM app.orders;
INSERT INTO app.orders VALUES (1, 10), (2, 20);
