"""The adoption corpus (tests/corpus/manifest.yaml): which schemas, where their files are, and how to build a
database from one (trusted test input, run as it is — the way the project itself installs it)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
import yaml

from schemawright import engine, guard
from schemawright.adopt.dump import restorable
from schemawright.spec import DesiredSchema

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
    upgrades: tuple[str, ...] = ()  # earlier commits (12 digits), each upgraded to this one
    chain: bool = False  # a migration chain: it builds the database, init writes the document

    @property
    def path(self) -> Path:
        """Where scripts/corpus.py wrote it."""
        return DIRECTORY / f"{self.name}.sql"

    def earlier(self, commit: str) -> Path:
        """Where scripts/corpus.py wrote its version at the earlier ``commit``."""
        return DIRECTORY / f"{self.name}@{commit}.sql"

    def marks(self, *paths: Path) -> list[pytest.MarkDecorator]:
        """slow when it is, and skipped when it is slow and not asked for or a file is not written."""
        marks = [pytest.mark.slow] if self.slow else []
        missing = [p for p in (self.path, *paths) if not p.exists()]
        if self.slow and not os.environ.get("SCHEMAWRIGHT_CORPUS_ALL"):
            marks.append(pytest.mark.skip(reason="a large corpus schema: set SCHEMAWRIGHT_CORPUS_ALL=1"))
        elif missing:
            marks.append(pytest.mark.skip(reason=f"{missing[0]} missing: run `python scripts/corpus.py`"))
        return marks

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
    return [
        Schema(
            e["name"],
            bool(e.get("slow")),
            tuple(e.get("flags", ())),
            tuple(u["commit"][:12] for u in e.get("upgrades", ())),
            bool(e.get("chain")),
        )
        for e in entries
    ]


def build(url: str, script: str) -> None:
    """Run a whole script into the database at ``url`` (the project's own install, no guard)."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(restorable(script).encode())


def steps(desired: DesiredSchema, url: str, admin_url: str) -> list[str]:
    """The steps a plan of ``desired`` against the database at ``url`` has (kind and the start of the SQL)."""
    result = engine.make_plan(desired, url, admin_url)
    return [f"{step.kind}: {step.sql[:200]}" for step in result.plan.steps]
