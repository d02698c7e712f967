"""PostgreSQL's limits on names, known to the document's checks and the catalog alike (a module of its own: the
document's checks need it without the catalog's data classes, which ``validate`` does not use)."""

MAX_IDENTIFIER_BYTES = 63  # PostgreSQL's NAMEDATALEN - 1: longer names are cut (a document's are refused)
