"""Shadow reuse: the desired schema kept as a template database, read directly or cloned. A template is only
ever used for the very statements that built it, never hides a change made by hand to the live database, is
whole or absent, survives planners racing for it, and the cache stays bounded."""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest

from schemawright import engine
from schemawright.connect.embedded import EmbeddedServer
from schemawright.connect.urls import database_name
from schemawright.errors import ShadowBuildError
from schemawright.shadow import templates as shadow_templates
from schemawright.shadow.build import connect_admin, desired_database, shadow_database
from schemawright.spec import from_sql, load


@pytest.fixture
def server(pg_server: EmbeddedServer, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("SCHEMAWRIGHT_SHADOW_CACHE", "8")
    return pg_server.url("postgres")


def _script(table: str = "") -> list[str]:
    """A script no other test builds (its own table name): its own template."""
    table = table or f"t_{secrets.token_hex(4)}"
    return [f"CREATE TABLE {table} (id int PRIMARY KEY, note text)", f"CREATE INDEX ON {table} (note)"]


def _databases(server: str, prefix: str) -> list[str]:
    with psycopg.connect(server, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s) ORDER BY 1", (prefix,)
        ).fetchall()
    return [str(row[0]) for row in rows]


def _template(server: str, statements: list[str]) -> str:
    with connect_admin(server) as admin:
        return shadow_templates.template_name(admin, statements, ("public",))


def _columns(url: str) -> list[tuple[str, str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1, 2"
        ).fetchall()
    return [(str(a), str(b)) for a, b in rows]


def test_a_second_build_of_the_same_statements_is_a_clone_of_the_kept_template(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    statements = _script()
    with shadow_database(server, statements, source="doc.yaml", cache_key=("public",)) as first:
        built = _columns(first)
    template = _template(server, statements)
    assert template in _databases(server, "schemawright_tpl_")

    def no_build(*args: object, **kwargs: object) -> None:
        raise AssertionError("the statements ran again instead of cloning the template")

    monkeypatch.setattr(shadow_templates, "build", no_build)
    with shadow_database(server, statements, source="doc.yaml", cache_key=("public",)) as second:
        assert second != first and _columns(second) == built
        with psycopg.connect(second, autocommit=True) as conn:  # the clone is the caller's to change
            conn.execute("ALTER TABLE " + statements[0].split()[2] + " ADD COLUMN extra int")
    with shadow_database(server, statements, source="doc.yaml", cache_key=("public",)) as third:
        assert _columns(third) == built  # the template itself never changed


def test_another_document_never_gets_this_documents_template(server: str) -> None:
    table = f"t_{secrets.token_hex(4)}"
    one = _script(table)
    other = [one[0].replace("note text", "note text, extra int"), one[1]]
    with shadow_database(server, one, source="a.yaml", cache_key=("public",)) as url:
        assert (table, "extra") not in _columns(url)
    with shadow_database(server, other, source="b.yaml", cache_key=("public",)) as url:
        assert (table, "extra") in _columns(url)
    assert _template(server, one) != _template(server, other)
    with connect_admin(server) as admin:  # the managed schemas are part of the key too
        assert shadow_templates.template_name(admin, one, ("public", "app")) != _template(server, one)


def test_plans_read_the_template_itself_read_only_and_change_only_a_copy(server: str) -> None:
    statements = _script()
    table = statements[0].split()[2]
    with desired_database(server, statements, source="doc.yaml", cache_key=("public",)) as desired:
        assert not desired.private and database_name(desired.url) == _template(server, statements)
        with (
            psycopg.connect(desired.url, autocommit=True) as conn,
            pytest.raises(psycopg.errors.ReadOnlySqlTransaction),
        ):
            conn.execute(f"ALTER TABLE {table} ADD COLUMN extra int")
        with desired.changeable() as copy:
            assert database_name(copy) != database_name(desired.url)
            with psycopg.connect(copy, autocommit=True) as conn:
                conn.execute(f"ALTER TABLE {table} ADD COLUMN extra int")
            assert (table, "extra") in _columns(copy)
        assert (table, "extra") not in _columns(desired.url)
        assert database_name(copy) not in _databases(server, "schemawright_shadow_")  # the copy is dropped


def test_a_failed_build_leaves_no_template(server: str) -> None:
    statements = [*_script(), "CREATE TABLE broken (id no_such_type)"]
    with (
        pytest.raises(ShadowBuildError, match="statement 3 failed"),
        shadow_database(server, statements, source="doc.yaml", cache_key=("public",)),
    ):
        pass
    assert _template(server, statements) not in _databases(server, "schemawright_tpl_")
    assert _databases(server, "schemawright_tplnew_") == []


def test_planners_racing_for_one_template_both_get_the_schema_and_one_template_is_kept(server: str) -> None:
    statements = _script()
    results: list[list[tuple[str, str]]] = []
    errors: list[BaseException] = []

    def plan() -> None:
        try:
            with shadow_database(server, statements, source="doc.yaml", cache_key=("public",)) as url:
                results.append(_columns(url))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=plan) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(results) == 3 and results[0] == results[1] == results[2] != []
    assert _databases(server, _template(server, statements)) == [_template(server, statements)]
    assert _databases(server, "schemawright_tplnew_") == []


def test_the_cache_keeps_only_the_most_recently_used_templates(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHEMAWRIGHT_SHADOW_CACHE", "2")
    scripts = [_script() for _ in range(3)]
    for statements in scripts:
        with shadow_database(server, statements, source="doc.yaml", cache_key=("public",)):
            pass
    kept = _databases(server, "schemawright_tpl_")
    assert len(kept) == 2 and _template(server, scripts[0]) not in kept


def test_a_template_is_owned_by_the_role_that_built_it_until_evicted(
    server: str, monkeypatch: pytest.MonkeyPatch, shadow_roles: Callable[[], dict[str, tuple[bool, list[str]]]]
) -> None:
    """The build's role keeps what it built (handing 1000 tables over takes 0.6 s) but cannot log in; it goes
    with its template, also one dropped by hand."""
    monkeypatch.setenv("SCHEMAWRIGHT_SHADOW_CACHE", "2")
    scripts = [_script() for _ in range(3)]
    for statements in scripts[:2]:
        with shadow_database(server, statements, source="doc.yaml", cache_key=("public",)):
            pass
    owners = {owned[0]: (role, login) for role, (login, owned) in shadow_roles().items() if owned}
    first, second = (_template(server, statements) for statements in scripts[:2])
    assert first in owners and second in owners and not owners[first][1] and not owners[second][1]
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{second}"')  # by hand, as docs/operations.md allows
    monkeypatch.setenv("SCHEMAWRIGHT_SHADOW_CACHE", "1")
    with shadow_database(server, scripts[2], source="doc.yaml", cache_key=("public",)):
        pass  # a build: evicts every other template and sweeps the roles left alone
    gone = [template for template in owners if template not in _databases(server, "schemawright_tpl_")]
    left = shadow_roles()
    assert first in gone and second in gone
    assert [owners[template][0] for template in gone if owners[template][0] in left] == []
    assert all(not login and owned for login, owned in left.values())


def test_a_documents_grant_to_the_connecting_role_is_planned_whether_the_shadow_is_kept_or_not(
    server: str, make_database: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Handing the shadow to the connecting role used to fold such a grant into the owner's own privileges,
    where no comparison saw it: the plan left it out. (Where the connecting role owns the live table, it holds
    the privilege already: the next test.)"""
    reader, owner = f"reader_{secrets.token_hex(3)}", f"owner_{secrets.token_hex(3)}"
    live = make_database("granted")
    with psycopg.connect(live, autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {reader}; CREATE ROLE {owner}")
        conn.execute(f"CREATE TABLE t (id int PRIMARY KEY); ALTER TABLE t OWNER TO {owner}")
        conn.execute(f"GRANT SELECT ON t TO {reader}")
    script = f"CREATE TABLE t (id int PRIMARY KEY);\nGRANT SELECT ON t TO {reader};\nGRANT SELECT ON t TO postgres;\n"
    desired = from_sql(script, "doc.sql", "granted")
    for cache in ("0", "8"):
        monkeypatch.setenv("SCHEMAWRIGHT_SHADOW_CACHE", cache)
        steps = [step.sql for step in engine.make_plan(desired, live, server).plan.steps]
        assert steps == ['GRANT SELECT ON TABLE "public"."t" TO "postgres";'], cache


def test_a_documents_grant_to_the_owner_of_the_live_object_is_already_held(
    server: str, make_database: Callable[[str], str]
) -> None:
    """An owner holds every privilege on what it owns: a grant to it plans nothing, and the first apply of a
    new object, which grants it to the applier that then owns it, is not planned again (migra's privileges
    pair)."""
    live = make_database("owned")
    script = "CREATE TABLE t (id int PRIMARY KEY);\nGRANT INSERT, UPDATE ON t TO postgres;\n"
    desired = from_sql(script, "doc.sql", "owned")
    engine.apply(desired, live, server)
    assert engine.make_plan(desired, live, server).plan.is_empty


def test_reuse_off_keeps_no_template(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHEMAWRIGHT_SHADOW_CACHE", "0")
    statements = _script()
    with shadow_database(server, statements, source="doc.yaml", cache_key=("public",)):
        pass
    assert _template(server, statements) not in _databases(server, "schemawright_tpl_")


DOC = """\
apiVersion: schemawright.io/v1alpha1
kind: DatabaseSchema
metadata:
  name: cached
spec:
  tables:
    - name: cached_members
      columns:
        - {name: id, type: bigint, nullable: false}
        - {name: handle, type: text}
      primaryKey: {columns: [id]}
"""


def test_a_change_by_hand_to_the_live_database_is_never_hidden_by_the_cache(
    server: str, make_database: Callable[[str], str], tmp_path: Path
) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(DOC)
    desired = load(str(path))
    live = make_database("cached")
    engine.apply(desired, live, server)
    assert engine.make_plan(desired, live, server).plan.is_empty  # the template now holds this document
    with psycopg.connect(live, autocommit=True) as conn:
        conn.execute("ALTER TABLE cached_members DROP COLUMN handle")
    plan = engine.make_plan(desired, live, server).plan
    assert not plan.is_empty and "handle" in " ".join(step.sql for step in plan.steps)


@pytest.fixture
def inspected(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The databases inspected from now on, by the planner's reader or by migra's (a cached one is not)."""
    import schemainspect
    from sqlalchemy.orm import Session

    seen: list[str] = []
    ours, theirs = engine.planning.inspect, schemainspect.get_inspector

    def our_reader(conn: psycopg.Connection[tuple[object, ...]], schemas: tuple[str, ...]) -> object:
        seen.append(conn.info.dbname)
        return ours(conn, schemas)

    def migras_reader(x: object, **kwargs: object) -> object:
        if isinstance(x, Session) and x.bind is not None:
            seen.append(str(x.bind.engine.url.database))
        return theirs(x, **kwargs)

    monkeypatch.setattr(engine.planning, "inspect", our_reader)
    monkeypatch.setattr(schemainspect, "get_inspector", migras_reader)
    return seen


def test_a_reused_template_is_not_inspected_again_nor_an_unchanged_live_database(
    server: str, make_database: Callable[[str], str], tmp_path: Path, inspected: list[str]
) -> None:
    path = tmp_path / "schema.yaml"
    text = DOC.replace("cached_members", f"m_{secrets.token_hex(4)}")  # a template no other test built
    path.write_text(text)
    desired = load(str(path))
    live = make_database("cached")
    first = engine.make_plan(desired, live, server)
    template = _template(server, engine.desired_statements(desired))
    assert inspected.count(template) == 2 and inspected.count(database_name(live)) == 2  # both readers, once
    inspected.clear()
    second = engine.make_plan(desired, live, server)
    assert inspected == []  # nothing was committed in the live database since: its inspections are kept too
    assert second.plan.hash == first.plan.hash and second.desired.fingerprint() == first.desired.fingerprint()
    with psycopg.connect(live, autocommit=True) as conn:  # DDL, even outside the managed schemas: read again
        conn.execute("CREATE SCHEMA elsewhere; CREATE TABLE elsewhere.notes (body text)")
    inspected.clear()
    engine.make_plan(desired, live, server)
    assert template not in inspected and inspected.count(database_name(live)) == 2
    # another document has another template, so it never reads this one's inspections
    path.write_text(
        text.replace("- {name: handle, type: text}", "- {name: handle, type: text}\n        - {name: born, type: date}")
    )
    other = load(str(path))
    inspected.clear()
    plan = engine.make_plan(other, live, server).plan
    assert "born" in " ".join(step.sql for step in plan.steps)
    assert inspected.count(_template(server, engine.desired_statements(other))) == 2


def test_a_template_built_again_is_inspected_again(
    server: str, make_database: Callable[[str], str], tmp_path: Path, inspected: list[str]
) -> None:
    path = tmp_path / "schema.yaml"
    path.write_text(DOC.replace("cached_members", f"m_{secrets.token_hex(4)}"))
    desired = load(str(path))
    live = make_database("rebuilt")
    engine.make_plan(desired, live, server)
    template = _template(server, engine.desired_statements(desired))
    with psycopg.connect(server, autocommit=True) as conn:  # an operator may drop any template at any time
        conn.execute(f'DROP DATABASE "{template}"'.encode())
    inspected.clear()
    assert engine.make_plan(desired, live, server).plan.steps
    assert inspected.count(template) == 2


def test_each_database_is_read_once_per_plan_whatever_the_number_of_schemas(
    server: str, make_database: Callable[[str], str], tmp_path: Path, inspected: list[str]
) -> None:
    """migra's inspector reads the whole database whatever schema it is asked for: one reading, cut per schema."""
    suffix = secrets.token_hex(3)
    path = tmp_path / "schema.yaml"
    path.write_text(
        "apiVersion: schemawright.io/v1alpha1\nkind: DatabaseSchema\nmetadata: {name: two}\nspec:\n"
        "  database: {schemas: [app, reporting, audit]}\n  sql: |\n"
        f"    CREATE TABLE app.orders_{suffix} (id bigint PRIMARY KEY, amount bigint NOT NULL);\n"
        f"    CREATE VIEW reporting.daily_{suffix} AS SELECT sum(amount) AS total FROM app.orders_{suffix};\n"
        f"    CREATE TABLE audit.events_{suffix} (at timestamptz NOT NULL);\n"
    )
    live = make_database("schemas")
    with psycopg.connect(live, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA app; CREATE SCHEMA reporting; CREATE SCHEMA audit")
    plan = engine.make_plan(load(str(path)), live, server).plan
    templates = [name for name in inspected if name.startswith("schemawright_tpl_")]
    assert inspected.count(database_name(live)) == 2 and len(templates) == 2  # ours and migra's, once each
    created = " ".join(step.sql for step in plan.steps)
    assert all(name in created for name in (f"orders_{suffix}", f"daily_{suffix}", f"events_{suffix}"))
