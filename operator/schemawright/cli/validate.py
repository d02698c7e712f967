"""``schemawright validate FILE``: the document loaded, checked and passed through the SQL guard — or, for the
same file validated before, its outcome read back before the document, JSON Schema or the guard are imported.

The outcome (the summary line and the guard's notes, or the refusal and its exit code) is kept as a small JSON
file under ``$SCHEMAWRIGHT_CACHE/validated``, named by a digest of everything that decides it: the file's bytes
and its name as given, the guard flags, the code that loads, checks and guards (every module an uncached
validate imports: tests/cli/test_validate_cache.py checks), the libraries that parse (PyYAML, jsonschema,
postgast = libpg_query), the Python and the release. Either way it is printed by the same code, so the output
and the exit code are the same with and without the cache.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import stat
import sys
from dataclasses import dataclass
from importlib.machinery import PathFinder
from pathlib import Path

from schemawright import __version__, cachedir
from schemawright.cli.output import emit, print_error, print_notes
from schemawright.errors import ExitCode, SchemawrightError

FOLDER = "validated"
KEEP = 512  # outcomes (about 200 bytes each); the most recently used stay
# A larger file is refused by load without being read; it is not read here either.
MAX_KEYED_BYTES = 32 * 1024 * 1024
# The package code that decides an outcome, relative to the package root: every module an uncached validate
# imports (the command line's parser and printing included).
CODE = (
    "__init__.py",
    "errors.py",
    "cachedir.py",
    "cli",
    "operator/__init__.py",
    "operator/options.py",
    "connect/__init__.py",
    "connect/urls.py",
    "spec",
    "guard",
    "shadow",
    "inspect",
    "data",
)
# Import name → distribution name as its dist-info folder spells it (lower case).
LIBRARIES = {
    "yaml": "pyyaml",
    "jsonschema": "jsonschema",
    "jsonschema_specifications": "jsonschema_specifications",
    "referencing": "referencing",
    "postgast": "postgast",
}


@dataclass(frozen=True)
class Outcome:
    """What ``validate`` reports: accepted (``line``, the guard's ``notes``) or refused (``error``, ``code``)."""

    code: int
    line: str = ""
    notes: tuple[str, ...] = ()
    error: str = ""

    def to_json(self) -> bytes:
        """The outcome as kept on disk."""
        return json.dumps({"code": self.code, "line": self.line, "notes": self.notes, "error": self.error}).encode()

    @classmethod
    def from_json(cls, data: bytes) -> Outcome | None:
        """The outcome kept in ``data``, or None for anything but a file :meth:`to_json` wrote."""
        try:
            kept = json.loads(data)
        except ValueError:
            return None
        if not isinstance(kept, dict) or set(kept) != {"code", "line", "notes", "error"}:
            return None
        code, line, notes, error = kept["code"], kept["line"], kept["notes"], kept["error"]
        if not (
            type(code) is int
            and isinstance(line, str)
            and isinstance(error, str)
            and isinstance(notes, list)
            and all(isinstance(n, str) for n in notes)
        ):
            return None
        # an acceptance has its line and exit 0; a refusal its message and exit 2
        if (code, bool(line), bool(error)) not in ((ExitCode.OK, True, False), (ExitCode.INVALID_INPUT, False, True)):
            return None
        return cls(code=code, line=line, notes=tuple(notes), error=error)


def run(args: argparse.Namespace) -> int:
    """Validate ``args.file`` with the guard flags in ``args``, print the outcome, return the exit code."""
    key = outcome_key(args)
    outcome = recall(key)
    if outcome is None:
        outcome = check(args)
        # kept only when the file still holds the bytes the key was made of (it may be edited meanwhile)
        if key is not None and outcome_key(args) == key and outcome.code in (ExitCode.OK, ExitCode.INVALID_INPUT):
            cachedir.store(FOLDER, f"{key}.json", outcome.to_json(), keep=KEEP)
    return show(outcome)


def check(args: argparse.Namespace) -> Outcome:
    """The outcome computed afresh: load and check the document, pass its SQL through the guard."""
    from schemawright import desired_script
    from schemawright.cli.app import overrides_of
    from schemawright.spec import load

    try:
        desired = load(args.file, overrides=overrides_of(args))
        script = desired_script(desired)
    except SchemawrightError as exc:
        return Outcome(code=int(exc.exit_code), error=str(exc))
    line = f"{desired.source} — {script.tables} table(s), {script.enums} enum(s), schemas {', '.join(desired.schemas)}"
    return Outcome(code=ExitCode.OK, line=line, notes=tuple(script.notes))


def show(outcome: Outcome) -> int:
    """Print ``outcome`` (the terminal renderer only for a terminal, notes or an error) and return its exit code."""
    if outcome.error:
        print_error(outcome.error)
        return outcome.code
    if outcome.notes:
        print_notes(outcome.notes)
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.markup import escape

        Console(highlight=False).print(f"[green]valid:[/] {escape(outcome.line)}")
    else:
        emit(f"valid: {outcome.line}")
    return outcome.code


def outcome_key(args: argparse.Namespace) -> str | None:
    """The key of validating ``args.file`` with ``args``' guard flags; None when caching is off or the file is not
    a regular file this process can read (the uncached path then reports it)."""
    if cachedir.folder(FOLDER) is None:
        return None
    try:
        with open(args.file, "rb") as file:
            found = os.fstat(file.fileno())
            if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_KEYED_BYTES:
                return None
            data = file.read(MAX_KEYED_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_KEYED_BYTES:  # grew while read
        return None
    inputs = {
        "release": __version__,
        "python": sys.version,
        "code": cachedir.code_digest(*CODE),
        "libraries": _library_stamps(),
        "file": args.file,
        "allow": args.allow,
        "allowExtension": args.allow_extension,
        "shortRefresh": args.allow_short_refresh,
    }
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode())
    digest.update(b"\0")
    digest.update(data)
    return digest.hexdigest()


def recall(key: str | None) -> Outcome | None:
    """The outcome kept under ``key``, or None (none kept, unreadable, or not one this code wrote)."""
    where = cachedir.folder(FOLDER)
    if key is None or where is None:
        return None
    path = where / f"{key}.json"
    try:
        data = path.read_bytes()
    except OSError:
        return None
    outcome = Outcome.from_json(data)
    if outcome is not None:
        with contextlib.suppress(OSError):
            os.utime(path)  # used: the most recently used outcomes are kept
    return outcome


def _library_stamps() -> list[str]:
    """Which release of each parsing library is installed, found without importing it: its dist-info folders'
    names (they carry the version) and its main file's size and modification time (a reinstall rewrites it)."""
    stamps = []
    listed: dict[Path, list[str]] = {}
    for module, distribution in LIBRARIES.items():
        found = PathFinder.find_spec(module)
        if found is None or not found.origin:
            stamps.append(f"{module}: not installed")
            continue
        origin = Path(found.origin)
        where = origin.parent.parent if found.submodule_search_locations else origin.parent
        try:
            if where not in listed:
                listed[where] = sorted(os.listdir(where))
            info = os.stat(origin)
        except OSError:
            stamps.append(f"{module}: unreadable")
            continue
        dists = [name for name in listed[where] if name.lower().startswith(f"{distribution}-")]
        stamps.append(f"{module}: {origin} {info.st_size} {info.st_mtime_ns} {' '.join(dists)}")
    return stamps
