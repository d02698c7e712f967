"""The command line shell: parses arguments, calls the public API, renders. Never prompts."""
