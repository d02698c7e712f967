"""``schemawright plan|apply FILE --targets FILE``: a fleet of real databases from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import psycopg
import pytest
import yaml
from _fleetdocs import LIFT, REFUSE_NEW_TABLES, accounts
from _journal import last_window, peak_overlap

from schemawright.cli.app import main
from schemawright.connect.embedded import EmbeddedServer


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def write(path: Path, doc: object) -> str:
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return str(path)


def test_fleet_from_a_targets_file(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make_database: Callable[[str], str],
    pg_server: EmbeddedServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    urls = {f"shard{n:02d}": make_database(f"cf{n}") for n in range(6)}
    monkeypatch.setenv("SHARD05_URL", urls["shard05"])
    listed = [{"name": n, "url": u} for n, u in urls.items() if n != "shard05"] + [
        {"name": "shard05", "urlFromEnv": "SHARD05_URL"}
    ]
    targets = write(tmp_path / "targets.yaml", listed)
    shadow = ["--shadow-url", pg_server.url("postgres")]
    v1 = write(tmp_path / "v1.yaml", accounts())
    code, out = run(capsys, "apply", v1, "--targets", targets, *shadow)
    assert code == 0, out
    assert "6 target(s): 6 ready" in out and "postgresql://" not in out

    # A change: identical plans shown once; applied canary first, then at most 2 at once.
    v2 = write(tmp_path / "v2.yaml", accounts("name"))
    code, out = run(capsys, "plan", v2, "--targets", targets, *shadow)
    assert code == 0 and "1 distinct plan(s)" in out and "6 target(s): shard00, shard01" in out
    code, out = run(capsys, "apply", v2, "--targets", targets, "--max-parallel", "2", *shadow)
    assert code == 0, out
    windows = {name: last_window(url) for name, url in urls.items()}
    canary = windows.pop("shard00")
    assert canary is not None and all(w is not None and w[0] >= canary[1] for w in windows.values())
    assert peak_overlap([w for w in windows.values() if w is not None]) <= 2

    # One target fails (a rule made by hand refuses the new table): the rollout stops, naming it, exit 4.
    with psycopg.connect(urls["shard02"], autocommit=True) as conn:
        conn.execute(REFUSE_NEW_TABLES)
    v3 = write(tmp_path / "v3.yaml", accounts("name", audit=True))
    code, out = run(capsys, "apply", v3, "--targets", targets, "--max-parallel", "1", *shadow)
    assert code == 4 and "1 target(s) failed: shard02" in out and "shard03: pending" in out
    with psycopg.connect(urls["shard02"], autocommit=True) as conn:
        conn.execute(LIFT)
    code, out = run(capsys, "apply", v3, "--targets", targets, *shadow)
    assert code == 0 and "6 ready" in out, out

    # A destructive change waits on every target (exit 3); approving its hash approves it on all of them.
    v4 = write(tmp_path / "v4.yaml", accounts(audit=True))
    code, out = run(capsys, "apply", v4, "--targets", targets, *shadow)
    assert code == 3 and "6 waitingForApproval" in out
    code, out = run(capsys, "plan", v4, "--targets", targets, "--format", "json", *shadow)
    groups = json.loads(out)["groups"]
    assert len(groups) == 1 and len(groups[0]["targets"]) == 6
    code, out = run(capsys, "apply", v4, "--targets", targets, "--approve", groups[0]["hash"], *shadow)
    assert code == 0 and "6 ready" in out, out
    with psycopg.connect(urls["shard04"]) as conn:
        assert conn.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_name = 'accounts' AND column_name = 'name'"
        ).fetchone() == (0,)


def test_bad_targets_files_name_the_entry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    targets = write(
        tmp_path / "t.yaml",
        [
            {"name": "a", "url": "mysql://x"},
            {"name": "b", "urlFromEnv": "NOPE_X"},
            {"name": "a", "url": "postgresql://h/a"},
        ],
    )
    code, out = run(capsys, "plan", "examples/shop/v1/schema.yaml", "--targets", targets)
    assert code == 2
    assert "[0].url (a)" in out and "NOPE_X unset" in out and "a name no other target has" in out
