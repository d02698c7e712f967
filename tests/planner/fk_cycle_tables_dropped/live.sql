CREATE TABLE users (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE organizations (id bigint PRIMARY KEY, owner_id bigint, parent_id bigint REFERENCES organizations (id));
CREATE TABLE memberships (id bigint PRIMARY KEY, organization_id bigint REFERENCES organizations (id),
                          user_id bigint REFERENCES users (id));
ALTER TABLE organizations ADD CONSTRAINT organizations_owner_fk FOREIGN KEY (owner_id) REFERENCES memberships (id);
INSERT INTO users VALUES (1, 'a');
INSERT INTO organizations VALUES (1, NULL, NULL);
INSERT INTO memberships VALUES (1, 1, 1);
UPDATE organizations SET owner_id = 1;
