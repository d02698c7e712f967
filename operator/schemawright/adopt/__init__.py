"""Adopting an existing database: ``schemawright init`` writes the document that describes it."""

from schemawright.adopt.init import document, user_schemas

__all__ = ["document", "user_schemas"]
