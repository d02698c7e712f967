-- phase: expand
-- CREATE TABLE [NONE, tx]
create table "public"."boats" (
    "id" integer not null,
    "name" text not null,
    "draft" numeric
) inherits ("public"."vehicles");
