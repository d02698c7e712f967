#!/usr/bin/env python3
"""Generate the DatabaseSchema CRD from schemas/databaseschema.schema.json (the single source of truth).

    python scripts/gen_crd.py           # write crds/ and charts/schemawright/crds/
    python scripts/gen_crd.py --check   # exit 1 if a committed copy differs (the tests do the same)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "operator"))

from schemawright.operator.crd import CRD_NAME, render_crd_yaml  # noqa: E402

SOURCE = ROOT / "schemas" / "databaseschema.schema.json"
TARGETS = (ROOT / "crds" / f"{CRD_NAME}.yaml", ROOT / "charts" / "schemawright" / "crds" / f"{CRD_NAME}.yaml")


def expected() -> str:
    """The CRD YAML the JSON Schema produces."""
    return render_crd_yaml(json.loads(SOURCE.read_text(encoding="utf-8")))


def main() -> int:
    """Write (or with --check, compare) every committed copy of the CRD."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when a file is out of date")
    args = parser.parse_args()
    text = expected()
    stale = [t for t in TARGETS if not t.exists() or t.read_text(encoding="utf-8") != text]
    if args.check:
        for target in stale:
            print(f"{target.relative_to(ROOT)} is out of date: run python scripts/gen_crd.py", file=sys.stderr)
        return 1 if stale else 0
    for target in stale:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
