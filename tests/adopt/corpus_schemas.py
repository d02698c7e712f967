"""The adoption corpus (tests/corpus/manifest.yaml): which schemas, where their files are, and how to build a
database from one (trusted test input, run as it is — the way the project itself installs it)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import yaml

from schemawright import guard
from schemawright.adopt.dump import restorable

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / "tests" / "corpus" / "manifest.yaml"
# The schemas are their projects', not committed here (tests/corpus/NOTICE.md): scripts/corpus.py writes them to
# tests/corpus/schemas/; SCHEMAWRIGHT_CORPUS or a corpus/schemas/ folder in the shared folder beside the checkout
# may hold them instead.
_PLACES = (
    os.environ.get("SCHEMAWRIGHT_CORPUS"),
    ROOT / "tests" / "corpus" / "schemas",
    ROOT.parent / "shared" / "corpus" / "schemas",
)
DIRECTORY = next((Path(p) for p in _PLACES if p and Path(p).is_dir()), ROOT / "tests" / "corpus" / "schemas")


@dataclass(frozen=True)
class Schema:
    """One corpus schema."""

    name: str
    slow: bool
    flags: tuple[str, ...]

    @property
    def path(self) -> Path:
        """Where scripts/corpus.py wrote it."""
        return DIRECTORY / f"{self.name}.sql"

    @property
    def overrides(self) -> guard.Overrides:
        """The documented guard overrides this schema needs (manifest ``flags``)."""
        allow, extensions = [], []
        for flag, value in zip(self.flags[::2], self.flags[1::2], strict=True):
            (allow if flag == "--allow" else extensions).append(value)
        return guard.overrides(allow, extensions)


def schemas() -> list[Schema]:
    """Every corpus schema, in manifest order."""
    entries: list[dict[str, Any]] = yaml.safe_load(MANIFEST.read_text())["schemas"]
    return [Schema(e["name"], bool(e.get("slow")), tuple(e.get("flags", ()))) for e in entries]


def build(url: str, script: str) -> None:
    """Run a whole script into the database at ``url`` (the project's own install, no guard)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(restorable(script).encode())
