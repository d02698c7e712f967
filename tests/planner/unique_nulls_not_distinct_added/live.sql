CREATE TABLE slots (id int PRIMARY KEY, room int, at date, CONSTRAINT slots_room_at_key UNIQUE (room, at));
INSERT INTO slots VALUES (1, 1, '2026-01-01'), (2, NULL, '2026-01-01');
