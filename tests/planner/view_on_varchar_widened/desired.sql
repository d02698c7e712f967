CREATE TABLE tags (id int PRIMARY KEY, label varchar(80) NOT NULL);
CREATE VIEW tag_labels AS SELECT label FROM tags;
