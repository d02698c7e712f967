"""Stage 5, classify: what one DDL statement is, the lock it takes and its hazards."""
