-- phase: expand
-- CREATE TABLE [ACCESS EXCLUSIVE, tx]
create table "public"."events_2027" partition of "public"."events" FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
