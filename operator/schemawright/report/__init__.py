"""Stage 8, report: plans and apply events for people (text, Markdown, JSON) and the ADR of every plan."""
