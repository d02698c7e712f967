-- phase: expand
-- CREATE TABLE [ACCESS EXCLUSIVE, tx]
create table "public"."events_other" partition of "public"."events" DEFAULT;
