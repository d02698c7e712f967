"""Real upgrades: a database built from an earlier version of a corpus schema (manifest ``upgrades``: danbooru's
structure.sql of 2022, synapse's full schema 54, …) is brought to the pinned version by ``apply`` — the
migrations the project wrote in between, replaced by one declarative plan. The plan must run to the end (its
contract steps in the next apply, as the switch rule has it), plan nothing more afterwards, and leave every
object as a database built from the pinned version has it.

"As it has it" is checked apart from migra, on the planner's own reading of both catalogs (tables, columns,
indexes, constraints, views, functions, triggers, policies, sequences, domains, privileges, comments, …) with
two allowances: the order of columns (a column added by ALTER TABLE comes last; PostgreSQL cannot move it),
and an expression printed once more by the server (a re-created check reads back as a restore of a dump of
the pinned version reads it: PostgreSQL's printing is not idempotent, see diff/normalise.py). A migration
chain (documenso's 163 Prisma migrations) builds both databases, and the document is what ``init`` writes for
the pinned one. The large schemas' upgrades run with SCHEMAWRIGHT_CORPUS_ALL=1, as in test_corpus.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import corpus_schemas as corpus
import pytest

from schemawright import engine
from schemawright.adopt import init
from schemawright.adopt.dump import dump_schema
from schemawright.connect.embedded import EmbeddedServer
from schemawright.inspect.catalog import Catalog, Table
from schemawright.spec import load


def _params() -> Iterator[object]:
    for schema in corpus.schemas():
        for commit in schema.upgrades:
            marks = schema.marks(schema.earlier(commit))
            yield pytest.param(schema, commit, id=f"{schema.name}@{commit[:8]}", marks=marks)


def _objects(catalog: Catalog) -> dict[tuple[Any, ...], Any]:
    """Every object of ``catalog`` by (kind, name), as far as two databases of the same schema agree: column
    order, sizes and row counts aside."""
    found: dict[tuple[Any, ...], Any] = {}
    for field in dataclasses.fields(catalog):
        value = getattr(catalog, field.name)
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, Table):
                    item = dataclasses.replace(item, row_estimate=0, size_bytes=0)
                elif field.name in ("privileges", "view_dependencies"):
                    item = tuple(sorted(item))
                found[(field.name, key)] = item
        elif isinstance(value, tuple):
            for item in value:  # sequences, dependencies: sets
                found[(field.name, item)] = True
        else:
            found[(field.name,)] = value
    return found


@pytest.mark.parametrize(("schema", "commit"), list(_params()))
def test_an_earlier_version_upgrades_to_the_pinned_one(
    schema: corpus.Schema,
    commit: str,
    make_database: Callable[[str], str],
    pg_server: EmbeddedServer,
    tmp_path: Path,
) -> None:
    admin = pg_server.url("postgres")
    url = make_database(f"upgrade_{schema.name}")
    corpus.build(url, schema.earlier(commit).read_text())
    pinned = make_database(f"pinned_{schema.name}")
    corpus.build(pinned, schema.path.read_text())
    if schema.chain:  # the document an adopting team starts from: what init writes for the database
        document = tmp_path / f"{schema.name}.sql"
        document.write_text(init.document(pinned, ("public",), fmt="sql", name=schema.name))
        desired = load(document, overrides=schema.overrides)
    else:
        desired = load(schema.path, overrides=schema.overrides)

    first = engine.apply(desired, url, admin, allow_destructive=True)
    assert first.plan.steps
    # the switch rule: contract steps that break the running application wait for the next apply
    final = first if first.final.report.complete else engine.apply(desired, url, admin, allow_destructive=True)

    assert final.final.report.complete
    assert corpus.steps(desired, url, admin) == []
    restored = make_database(f"restored_{schema.name}")
    corpus.build(restored, dump_schema(pinned, (), owners=True, privileges=True))
    upgraded, *references = (_objects(engine.inspect_url(u, desired.schemas)) for u in (url, pinned, restored))
    differences = [
        (key, upgraded.get(key), references[0].get(key))
        for key in sorted({*upgraded, *references[0]}, key=repr)
        if all(upgraded.get(key) != reference.get(key) for reference in references)
    ]
    assert differences == []
