CREATE SEQUENCE global_id;
        CREATE TABLE a (id bigint PRIMARY KEY DEFAULT nextval('global_id'), v text);
        CREATE TABLE b (id bigint PRIMARY KEY DEFAULT nextval('global_id'), w text);
