CREATE TABLE bookings (id int PRIMARY KEY, during tsrange NOT NULL, cancelled boolean NOT NULL DEFAULT false,
          CONSTRAINT bookings_no_overlap EXCLUDE USING gist (during WITH &&) WHERE (NOT cancelled));
