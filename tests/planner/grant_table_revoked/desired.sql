CREATE TABLE reports (id int PRIMARY KEY, body text);
GRANT SELECT ON reports TO sw_fx_grant_writer;
