CREATE TABLE slots (id int PRIMARY KEY, room int, at date, CONSTRAINT slots_room_at_key UNIQUE NULLS NOT DISTINCT (room, at));
