"""Round trip on real schemas: build a database from each corpus schema, then (a) plan the same DDL against it,
(b) plan its pg_dump (with and without --no-owner --no-privileges), (c) plan what `init` writes for it — none
may plan a step — and (d) apply a small change, after which the plan is empty again.

The corpus files are written by `python scripts/corpus.py` (tests/corpus/NOTICE.md); without them these tests
skip. The two largest schemas (lago, musicbrainz: 139 and 516 tables) are marked slow and run only with
SCHEMAWRIGHT_CORPUS_ALL=1 (`SCHEMAWRIGHT_CORPUS_ALL=1 pytest tests/adopt/test_corpus.py -n 2`), so the CI suite
stays short.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import corpus_schemas as corpus
import pytest

from schemawright import engine
from schemawright.adopt import init
from schemawright.adopt.dump import dump_schema
from schemawright.connect.embedded import EmbeddedServer
from schemawright.spec import DesiredSchema, load

CORPUS = corpus.schemas()


def _params() -> Iterator[object]:
    for schema in CORPUS:
        if schema.chain:
            continue  # history, not a desired state: only the upgrade tests use it
        yield pytest.param(schema, id=schema.name, marks=schema.marks())


@pytest.fixture(params=list(_params()))
def adopted(request: pytest.FixtureRequest, make_database: Callable[[str], str]) -> tuple[corpus.Schema, str]:
    """A corpus schema and a database built from it."""
    schema: corpus.Schema = request.param
    url = make_database(f"corpus_{schema.name}")
    corpus.build(url, schema.path.read_text())
    return schema, url


def _steps(desired: DesiredSchema, url: str, server: EmbeddedServer) -> list[str]:
    return corpus.steps(desired, url, server.url("postgres"))


def test_round_trip(adopted: tuple[corpus.Schema, str], pg_server: EmbeddedServer, tmp_path: Path) -> None:
    schema, url = adopted
    original = load(schema.path, overrides=schema.overrides)

    # (a) the same DDL
    assert _steps(original, url, pg_server) == []

    # (b) pg_dump of it, as it comes and without owners and privileges
    for owners in (True, False):
        dump = tmp_path / f"{schema.name}-dump-{'owners' if owners else 'bare'}.sql"
        dump.write_text(dump_schema(url, (), owners=owners, privileges=owners))  # the whole database
        assert _steps(load(dump, overrides=schema.overrides), url, pg_server) == [], dump.name

    # (c) what `schemawright init` writes, both formats
    for fmt in ("yaml", "sql"):
        written = tmp_path / f"{schema.name}-init.{fmt}"
        written.write_text(init.document(url, original.schemas, fmt=fmt, name=schema.name))
        assert _steps(load(written, overrides=schema.overrides), url, pg_server) == [], written.name


def test_small_change_converges(adopted: tuple[corpus.Schema, str], pg_server: EmbeddedServer, tmp_path: Path) -> None:
    schema, url = adopted
    original = load(schema.path, overrides=schema.overrides)
    live = engine.inspect_url(url, original.schemas)
    table = min(
        (t for t in live.tables.values() if t.kind == "r" and t.partition_of is None), key=lambda t: (t.schema, t.name)
    )
    changed = tmp_path / f"{schema.name}-changed.sql"
    changed.write_text(
        schema.path.read_text() + f'\n\nALTER TABLE "{table.schema}"."{table.name}" ADD COLUMN '
        f'sw_adopted_note text;\nCREATE INDEX sw_adopted_note_idx ON "{table.schema}"."{table.name}" '
        "(sw_adopted_note);\n"
    )
    desired = load(changed, overrides=schema.overrides)

    outcome = engine.apply(desired, url, pg_server.url("postgres"))

    assert outcome.plan.steps and outcome.final.report.complete
    assert _steps(desired, url, pg_server) == []
