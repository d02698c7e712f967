-- phase: contract
-- ALTER TABLE ALTER COLUMN TYPE [ACCESS EXCLUSIVE, tx, ACCESS_EXCLUSIVE_LOCK, TABLE_REWRITE, destructive]
ALTER TABLE public.customers ALTER COLUMN country_code TYPE varchar(10);
