"""The quick path's own libpq client (connect/libpq.py): the same answers as the driver, and a failure is always
a LibpqError (the caller then takes the full path), never a crash or a leaked password."""

from __future__ import annotations

import psycopg
import pytest

from schemawright.connect.libpq import LibpqError, Session, text_array
from schemawright.livestate import catalog_fingerprint
from schemawright.livestate.fingerprint import PREFIX, query


def test_queries_answer_as_text_with_parameters_and_nulls(database_url: str) -> None:
    with Session(database_url, application_name="schemawright") as session:
        assert session.server_version >= 140000
        rows = session.query("SELECT $1::int + 1, NULL::text, 'zoë', current_setting('application_name')", ["41"])
        assert rows == [("42", None, "zoë", "schemawright")]
        assert session.query("SELECT 1 WHERE false") == []


def test_names_of_any_spelling_survive_the_array_parameter(database_url: str) -> None:
    names = ["public", 'we"ird', "back\\slash", "com,ma", "{brace}", "spa ce", "NULL", "ünï"]
    with Session(database_url) as session:
        [(count,)] = session.query(
            "SELECT count(*) FROM unnest($1::text[]) WITH ORDINALITY u(n, i) WHERE n = ($2::text[])[i]",
            [text_array(names), text_array(names)],
        )
        assert count == str(len(names))
        assert session.query("SELECT array_length($1::text[], 1)", [text_array(names)]) == [(str(len(names)),)]


def test_the_fingerprint_through_libpq_is_the_drivers(database_url: str) -> None:
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (id int PRIMARY KEY, note text DEFAULT 'x'); CREATE INDEX ON t (lower(note))")
        expected = catalog_fingerprint(conn, ["public"])
    with Session(database_url) as session:
        session.query("SET search_path = pg_catalog")
        [(digest,)] = session.query(query(session.server_version), [text_array(["public"])])
    assert f"{PREFIX}{digest[:32]}" == expected


def test_failures_are_libpq_errors_without_the_password(database_url: str) -> None:
    bad = "postgresql://someone:s3cret-pw@127.0.0.1:1/nowhere?connect_timeout=2"
    with pytest.raises(LibpqError) as failed:
        Session(bad)
    assert "s3cret-pw" not in str(failed.value)
    with Session(database_url) as session:
        with pytest.raises(LibpqError, match="does_not_exist"):
            session.query("SELECT * FROM does_not_exist")
        assert session.query("SELECT 1") == [("1",)]  # the session carries on after an error
    with pytest.raises(LibpqError):
        session.query("SELECT 1")  # closed
