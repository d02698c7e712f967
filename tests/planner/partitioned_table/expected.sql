-- phase: expand
-- CREATE TABLE [NONE, tx]
create table "public"."measurements" (
    "customer_id" bigint not null,
    "taken_at" timestamp with time zone not null,
    "value" double precision not null
) partition by RANGE (taken_at);
-- CREATE TABLE [NONE, tx]
create table "public"."measurements_2025" partition of "public"."measurements" FOR VALUES FROM ('2025-01-01 00:00:00+00') TO ('2026-01-01 00:00:00+00');
-- CREATE TABLE [NONE, tx]
create table "public"."measurements_2026" partition of "public"."measurements" FOR VALUES FROM ('2026-01-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');
-- CREATE TABLE [NONE, tx]
create table "public"."measurements_default" partition of "public"."measurements" DEFAULT;
-- CREATE INDEX [NONE, tx]
CREATE INDEX measurements_taken_idx ON public.measurements USING btree (taken_at);
-- ALTER TABLE ADD PRIMARY KEY [NONE, tx]
ALTER TABLE "public"."measurements" ADD CONSTRAINT "measurements_pkey" PRIMARY KEY (customer_id, taken_at);
