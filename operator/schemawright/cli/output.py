"""What the command line prints besides a command's own result: notes and errors on stderr (styled by rich,
imported only when there is something to print), machine-readable text on stdout as is."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def emit(text: str) -> None:
    """Machine-readable output (SQL, JSON, Markdown): written as is, never wrapped or styled."""
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()


def print_notes(notes: Sequence[str]) -> None:
    """Notes go to stderr, so stdout stays the plan (JSON or Markdown when asked)."""
    from rich.console import Console
    from rich.markup import escape

    err = Console(stderr=True, highlight=False)
    for note in notes:
        err.print(f"[yellow]note:[/] {escape(note)}", markup=True, highlight=False, soft_wrap=True)


def print_error(message: str) -> None:
    """A schemawright error, for people (the exit code says which kind)."""
    from rich.console import Console
    from rich.markup import escape

    err = Console(stderr=True, highlight=False)
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True, highlight=False, soft_wrap=True)
