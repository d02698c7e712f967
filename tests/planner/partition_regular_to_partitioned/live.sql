CREATE TABLE measurements (id int NOT NULL, taken date NOT NULL, value numeric);
INSERT INTO measurements VALUES (1, '2026-02-01', 1.5), (2, '2026-03-01', 2.5), (3, '2026-04-01', 3);
