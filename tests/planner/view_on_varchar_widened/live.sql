CREATE TABLE tags (id int PRIMARY KEY, label varchar(20) NOT NULL);
INSERT INTO tags VALUES (1, 'red'), (2, 'green'), (3, 'blue');
CREATE VIEW tag_labels AS SELECT label FROM tags;
