CREATE TABLE measurements (id int NOT NULL, taken date NOT NULL, value numeric);
CREATE TABLE measurements_2026 (id int NOT NULL, taken date NOT NULL, value numeric);
