CREATE TABLE bookings (id int PRIMARY KEY, during tsrange NOT NULL, CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&));
INSERT INTO bookings VALUES (1, '[2026-01-01 10:00, 2026-01-01 11:00)');
