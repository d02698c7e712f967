CREATE TABLE bookings (id int PRIMARY KEY, during tsrange NOT NULL);
