"""Write migra's fixture pairs (tests/FIXTURES/<case>/{a,b}.sql of its repository) to
tests/migra_fixtures/data/<case>/, for tests/migra_fixtures/test_migra_pairs.py.

The pairs belong to migra (the Unlicense; tests/migra_fixtures/NOTICE.md) and are not committed here. The
script reads them from a local bare git directory of migra's repository at the pinned commit::

    python scripts/migra_fixtures.py --git-dir /path/to/migra.git
    python scripts/migra_fixtures.py --git-dir /path/to/migra.git --out /elsewhere   # or SCHEMAWRIGHT_MIGRA_FIXTURES
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path

COMMIT = "345038271b9fd76296c89e01c7256d0d38e2ce83"
PREFIX = "tests/FIXTURES/"
OUT = Path(__file__).resolve().parent.parent / "tests" / "migra_fixtures" / "data"


def _git(git_dir: Path, *args: str) -> str:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], check=True, capture_output=True, text=True).stdout


def main() -> int:
    """Write every pair that has both halves; print how many."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--git-dir", type=Path, required=True, help="a git directory of migra's repository")
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write the pairs (default: {OUT})")
    args = parser.parse_args()
    paths = _git(args.git_dir, "ls-tree", "-r", "--name-only", COMMIT, PREFIX).splitlines()
    cases = sorted({p[len(PREFIX) :].split("/")[0] for p in paths if p.endswith(("/a.sql", "/b.sql"))})
    written = 0
    for case in cases:
        if not {f"{PREFIX}{case}/a.sql", f"{PREFIX}{case}/b.sql"} <= set(paths):
            continue
        folder = args.out / case
        folder.mkdir(parents=True, exist_ok=True)
        for name in ("a.sql", "b.sql"):
            (folder / name).write_text(_git(args.git_dir, "show", f"{COMMIT}:{PREFIX}{case}/{name}"))
        written += 1
    print(f"wrote {written} pairs to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
