-- phase: expand
-- CREATE UNIQUE INDEX CONCURRENTLY [SHARE UPDATE EXCLUSIVE, no-tx, INDEX_BUILD]
CREATE UNIQUE INDEX CONCURRENTLY countries_iso_key__sw_new ON public.countries USING btree (iso);

-- phase: contract
-- DROP CONSTRAINT + RENAME INDEX (swap) [ACCESS EXCLUSIVE, tx, destructive]
ALTER TABLE "public"."cities" DROP CONSTRAINT "cities_country_iso_fkey";
ALTER TABLE "public"."countries" DROP CONSTRAINT "countries_iso_key";
ALTER INDEX "public"."countries_iso_key__sw_new" RENAME TO "countries_iso_key";
ALTER TABLE "public"."cities" ADD CONSTRAINT "cities_country_iso_fkey" FOREIGN KEY (country_iso) REFERENCES countries(iso) NOT VALID;
-- ALTER TABLE VALIDATE CONSTRAINT [SHARE UPDATE EXCLUSIVE, tx, VALIDATION_SCAN]
ALTER TABLE "public"."cities" VALIDATE CONSTRAINT "cities_country_iso_fkey";
