"""Stage 3, inspect: a database's catalog read into plain data (:class:`~schemawright.inspect.catalog.Catalog`)."""
