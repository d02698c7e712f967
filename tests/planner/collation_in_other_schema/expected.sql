-- phase: expand
-- ALTER TABLE ADD COLUMN [ACCESS EXCLUSIVE, tx]
ALTER TABLE catalogue.artists ADD COLUMN comment text COLLATE catalogue.bytewise;
-- CREATE DOMAIN [NONE, tx]
CREATE DOMAIN "catalogue"."code" AS text COLLATE catalogue.bytewise;
-- CREATE TABLE [NONE, tx]
create table "catalogue"."labels" (
    "id" bigint not null,
    "name" text collate "catalogue"."bytewise" not null,
    "code" catalogue.code
);
-- CREATE UNIQUE INDEX [NONE, tx]
CREATE UNIQUE INDEX labels_pkey ON catalogue.labels USING btree (id);
-- ALTER TABLE ADD PRIMARY KEY USING INDEX [NONE, tx]
alter table "catalogue"."labels" add constraint "labels_pkey" PRIMARY KEY using index "labels_pkey";

-- phase: contract
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE]
alter table "catalogue"."artists" alter column "sort_name" set data type text collate "catalogue"."bytewise" using "sort_name"::text;
