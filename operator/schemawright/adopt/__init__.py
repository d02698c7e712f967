"""Adopting an existing database: ``schemawright init`` writes the document that describes it."""
