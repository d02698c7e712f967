CREATE TABLE staff (id int PRIMARY KEY, name text NOT NULL, salary int);
        GRANT SELECT (id, name) ON staff TO sw_fx_grant_auditor;
