-- phase: expand
-- CREATE TABLE [ACCESS EXCLUSIVE, tx]
create table "public"."events_2027" partition of "public"."events" FOR VALUES FROM ('2027-01-01') TO ('2028-01-01') partition by LIST (region);
-- CREATE TABLE [NONE, tx]
create table "public"."events_2027_eu" partition of "public"."events_2027" FOR VALUES IN ('eu');
-- CREATE TABLE [NONE, tx]
create table "public"."events_2027_rest" partition of "public"."events_2027" DEFAULT;
