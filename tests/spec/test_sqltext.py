"""Rendering quotes names and texts without psycopg (spec/sqltext.py), exactly as ``psycopg.sql`` does: the
statements a document renders to are the same text either way."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from psycopg import sql as psql

from schemawright.errors import SpecError
from schemawright.spec import load, render, sqltext

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").rglob("*.yaml"))
RENDER = importlib.import_module("schemawright.spec.render")  # the module (the package exports the function)
TEXT = st.text(alphabet=st.characters(blacklist_characters="\0", blacklist_categories=("Cs",)), max_size=40)


@given(TEXT)
def test_a_text_is_quoted_as_psycopg_quotes_it(value: str) -> None:
    assert sqltext.Literal(value).as_string() == psql.Literal(value).as_string(None)


@given(st.lists(TEXT.filter(bool), min_size=1, max_size=3))
def test_a_name_is_quoted_as_psycopg_quotes_it(names: list[str]) -> None:
    assert sqltext.Identifier(*names).as_string() == psql.Identifier(*names).as_string(None)


def test_format_and_join_compose_as_psycopg_does() -> None:
    template = "CREATE INDEX {} ON {name} ({}) -- {{braces}}"
    names = sqltext.SQL(", ").join([sqltext.Identifier("s", "t"), sqltext.Literal("x")])
    ours = sqltext.SQL(template).format(sqltext.Identifier("ix"), sqltext.SQL("a, b"), name=names)
    theirs = psql.SQL(template).format(
        psql.Identifier("ix"),
        psql.SQL("a, b"),
        name=psql.SQL(", ").join([psql.Identifier("s", "t"), psql.Literal("x")]),
    )
    assert ours.as_string() == theirs.as_string(None)


def test_every_example_renders_to_the_same_statements(monkeypatch: pytest.MonkeyPatch) -> None:
    documents = []
    for path in EXAMPLES:
        try:
            documents.append(load(path))
        except SpecError:
            continue  # not a DatabaseSchema (a values file, a manifest)
    assert len(documents) >= 3
    ours = [render(desired) for desired in documents]
    monkeypatch.setattr(RENDER, "sql", psql)
    assert ours == [render(desired) for desired in documents]
