-- the document names one constraint (as pg_dump does a name that is not the default) and leaves the rest
CREATE TABLE comments (id integer NOT NULL, author_name text NOT NULL,
                       body text CONSTRAINT comment_body_required NOT NULL);
