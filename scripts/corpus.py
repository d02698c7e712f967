"""Write the adoption corpus (tests/corpus/manifest.yaml) to tests/corpus/schemas/<name>.sql, and each of its
earlier versions (``upgrades``) to tests/corpus/schemas/<name>@<commit[:12]>.sql.

The schemas belong to their projects and are not committed here: this script takes each pinned file from a
local bare mirror (``--mirror DIR`` holding ``owner+name/repo`` git directories, as the ``fetch`` tool leaves
them) or from raw.githubusercontent.com, and applies only the edits the manifest documents::

    python scripts/corpus.py --mirror /work/.mirror          # or: python scripts/corpus.py (network)
    python scripts/corpus.py --only pagila,chinook
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import postgast
import yaml

from schemawright.adopt.init import dump_entries

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "tests" / "corpus" / "manifest.yaml"
OUT = ROOT / "tests" / "corpus" / "schemas"

# Statement kinds (libpg_query node names) each edit drops.
_DATA = {"InsertStmt", "UpdateStmt", "DeleteStmt", "CopyStmt"}
_SCRIPT = {"TransactionStmt", "CreatedbStmt", "DropdbStmt"}
_COPY_BLOCK = re.compile(r"^COPY [^\n]* FROM stdin;\n.*?^\\\.\n", re.MULTILINE | re.DOTALL)
_META = re.compile(r"^\\(?!restrict|unrestrict)[^\n]*\n?", re.MULTILINE)


def _git(entry: dict[str, Any], mirror: Path, *args: str) -> str:
    git_dir = mirror / entry["repo"].replace("/", "+") / "repo"
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True, text=True).stdout


def chain_files(entry: dict[str, Any], mirror: Path | None) -> list[str]:
    """A migration chain's files: every ``.sql`` file under the entry's ``chain`` folder, in path order (the
    migrations' timestamps)."""
    folder = entry["chain"].rstrip("/") + "/"
    if mirror is not None:
        paths = _git(entry, mirror, "ls-tree", "-r", "--name-only", entry["commit"], folder).split()
    else:
        url = f"https://api.github.com/repos/{entry['repo']}/git/trees/{entry['commit']}?recursive=1"
        with urllib.request.urlopen(url, timeout=60) as response:
            paths = [item["path"] for item in json.load(response)["tree"]]
    return sorted(p for p in paths if p.startswith(folder) and p.endswith(".sql"))


def read_source(entry: dict[str, Any], path: str, mirror: Path | None) -> str:
    """One pinned file of the entry, from the mirror when there is one."""
    if mirror is not None:
        return _git(entry, mirror, "show", f"{entry['commit']}:{path}")
    url = f"https://raw.githubusercontent.com/{entry['repo']}/{entry['commit']}/{path}"
    with urllib.request.urlopen(url, timeout=60) as response:
        return str(response.read().decode("utf-8-sig"))


def _statements(sql: str) -> list[tuple[str, str]]:
    """(node kind, text) for every statement of ``sql``."""
    tree = postgast.parse(sql)
    data = sql.encode()
    out = []
    for raw in tree.stmts:
        stop = raw.stmt_location + raw.stmt_len if raw.stmt_len else len(data)
        text = data[raw.stmt_location : stop].decode().strip()
        out.append((raw.stmt.WhichOneof("node"), text))
    return out


def _is_setval(kind: str, text: str) -> bool:
    return kind == "select_stmt" and "setval(" in text.lower()


def apply_edits(sql: str, edits: list[Any], used: set[str] | None = None) -> str:
    """The file with the manifest's edits applied (an empty list keeps it byte for byte); the replacements
    that applied are added to ``used``."""
    for edit in edits:
        if isinstance(edit, dict) and "drop-entry" in edit:
            preamble, entries = dump_entries(sql)
            kept = [e.text for e in entries if edit["drop-entry"] not in f"{e.name}; Type: {e.type}"]
            if used is not None and len(kept) < len(entries):
                used.add(edit["drop-entry"])
            sql = preamble + "".join(kept)
        if isinstance(edit, dict) and "replace" in edit:
            old, new = edit["replace"]
            if old in sql and used is not None:
                used.add(old)
            sql = sql.replace(old, new)
    names = {e for e in edits if isinstance(e, str)}
    if not names:
        return sql
    if "psql-script" in names:
        sql = _META.sub("", sql)
    if "schema-only" in names:
        sql = _COPY_BLOCK.sub("", sql)
    drop = set()
    if "schema-only" in names:
        drop |= {_snake(k) for k in _DATA}
    if "psql-script" in names:
        drop |= {_snake(k) for k in _SCRIPT}
    statements = _statements(sql)
    if "no-clean" in names:
        # pg_dump --clean: everything up to its last DROP … IF EXISTS (dummy view replacements included)
        # undoes an older copy; the session settings before it stay
        last = max((i for i, (kind, text) in enumerate(statements) if _drops(kind, text)), default=-1)
        statements = [s for i, s in enumerate(statements) if i > last or s[0] in ("variable_set_stmt", "select_stmt")]
    kept = []
    for kind, text in statements:
        if kind in drop or ("schema-only" in names and _is_setval(kind, text)):
            continue
        if kind == "drop_stmt" and "psql-script" in names and re.search(r"\bIF\s+EXISTS\b", text, re.I):
            continue
        kept.append(text if text.endswith(";") else text + ";")
    return "\n\n".join(kept) + "\n"


def _drops(kind: str, text: str) -> bool:
    return kind == "drop_stmt" or (kind == "alter_table_stmt" and " DROP CONSTRAINT IF EXISTS " in text)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def upgrade_entry(entry: dict[str, Any], upgrade: dict[str, Any]) -> dict[str, Any]:
    """The manifest entry of an earlier version: its commit, and its own files or edits where it names them."""
    return {**entry, **upgrade, "name": f"{entry['name']}@{upgrade['commit'][:12]}"}


def build(entry: dict[str, Any], mirror: Path | None) -> str:
    """The corpus file for one manifest entry."""
    parts = [entry.get("prelude", "")]
    used: set[str] = set()
    for path in chain_files(entry, mirror) if entry.get("chain") else entry["files"]:
        text = apply_edits(read_source(entry, path, mirror), entry.get("edits", []), used)
        if entry.get("search_path"):
            text = f"SET search_path = {_search_path(entry, path)};\n\n{text}"
        if entry.get("chain"):
            text += "\n;"  # a migration's last statement may have no semicolon
        parts.append(f"-- {entry['repo']}@{entry['commit'][:12]}: {path}\n{text}")
    for edit in entry.get("edits", []):
        if isinstance(edit, dict) and (edit["replace"][0] if "replace" in edit else edit["drop-entry"]) not in used:
            raise SystemExit(f"{entry['name']}: an edit no longer applies: {str(edit)[:80]}")
    return "\n".join(p for p in parts if p)


_SCHEMA_DIRS = {"caa": "cover_art_archive", "eaa": "event_art_archive"}


def _search_path(entry: dict[str, Any], path: str) -> str:
    """InitDb.pl runs admin/sql/<dir>/… with that schema first on the search_path."""
    parent = Path(path).parent.name
    if parent == "sql":
        return str(entry["search_path"])
    return f"{_SCHEMA_DIRS.get(parent, parent)}, {entry['search_path']}"


def main(argv: list[str] | None = None) -> int:
    """Write every (or the ``--only``) corpus schema."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, help="directory of owner+name/repo bare git mirrors")
    parser.add_argument("--only", help="comma-separated names")
    args = parser.parse_args(argv)
    manifest = yaml.safe_load(MANIFEST.read_text())
    only = set(args.only.split(",")) if args.only else None
    OUT.mkdir(parents=True, exist_ok=True)
    for entry in manifest["schemas"]:
        if only and entry["name"] not in only:
            continue
        for version in [entry, *(upgrade_entry(entry, u) for u in entry.get("upgrades", ()))]:
            target = OUT / f"{version['name']}.sql"
            target.write_text(build(version, args.mirror))
            print(f"wrote {target.relative_to(ROOT)} ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
