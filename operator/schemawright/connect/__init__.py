"""Reaching PostgreSQL: connection URLs (masked before printing), connections, targets, the embedded server."""
