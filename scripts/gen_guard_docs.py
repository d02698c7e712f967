#!/usr/bin/env python3
"""Write the statement-kind tables of docs/sql-allow-list.md from operator/schemawright/guard/statement_kinds.py.

python scripts/gen_guard_docs.py          # rewrite the generated part of the page
python scripts/gen_guard_docs.py --check  # exit 1 when it differs (CI)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "operator"))

from schemawright.guard.docs import page  # noqa: E402

PAGE = ROOT / "docs" / "sql-allow-list.md"


def main() -> int:
    """Write (or check) the generated part of the page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when stale")
    args = parser.parse_args()
    current = PAGE.read_text()
    wanted = page(current)
    if wanted == current:
        print("docs/sql-allow-list.md: up to date")
        return 0
    if args.check:
        print("docs/sql-allow-list.md is stale: run python scripts/gen_guard_docs.py", file=sys.stderr)
        return 1
    PAGE.write_text(wanted)
    print("docs/sql-allow-list.md: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
