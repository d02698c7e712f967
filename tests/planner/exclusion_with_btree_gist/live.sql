CREATE TABLE bookings (id int PRIMARY KEY, room int NOT NULL, during tsrange NOT NULL);
INSERT INTO bookings VALUES (1, 1, '[2026-01-01 10:00, 2026-01-01 11:00)'), (2, 2, '[2026-01-01 10:00, 2026-01-01 11:00)');
