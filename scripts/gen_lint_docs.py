#!/usr/bin/env python3
"""Write docs/lint/ (one page per lint rule, and the index) from the rules in operator/schemawright/lint/rules/.

python scripts/gen_lint_docs.py          # write the files
python scripts/gen_lint_docs.py --check  # exit 1 when a file is missing or differs (CI)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "operator"))

from schemawright.lint.docs import pages  # noqa: E402

OUT = ROOT / "docs" / "lint"


def main() -> int:
    """Write (or check) the generated pages."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when stale")
    args = parser.parse_args()
    stale = []
    for name, text in pages().items():
        path = OUT / name
        if path.exists() and path.read_text() == text:
            continue
        stale.append(name)
        if not args.check:
            OUT.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    extra = sorted(p.name for p in OUT.glob("SW*.md") if p.name not in pages()) if OUT.exists() else []
    for name in extra:
        stale.append(name)
        if not args.check:
            (OUT / name).unlink()
    if args.check and stale:
        print(f"docs/lint is stale: {', '.join(stale)}; run python scripts/gen_lint_docs.py", file=sys.stderr)
        return 1
    print(f"docs/lint: {len(stale)} file(s) {'stale' if args.check else 'written'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
