"""Stage 2, shadow: the desired DDL (guarded) materialised in a scratch database, reused as a template."""
