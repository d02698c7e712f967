#!/usr/bin/env python3
"""Generate the DatabaseSchema CRD from schemas/databaseschema.schema.json (the single source of truth).

    python scripts/gen_crd.py           # write crds/ and the chart's templates/crd.yaml
    python scripts/gen_crd.py --check   # exit 1 if a committed copy differs (the tests do the same)

The chart carries the CRD as a template, not under crds/ (which Helm installs once and never upgrades):
behind ``crds.install`` and with ``helm.sh/resource-policy: keep``, so ``helm upgrade`` updates it and
``helm uninstall`` never deletes it (with it, every DatabaseSchema).
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
PLAIN = ROOT / "crds" / f"{CRD_NAME}.yaml"
CHART_TEMPLATE = ROOT / "charts" / "schemawright" / "templates" / "crd.yaml"


def expected() -> str:
    """The CRD YAML the JSON Schema produces."""
    return render_crd_yaml(json.loads(SOURCE.read_text(encoding="utf-8")))


def chart_template(crd_yaml: str) -> str:
    """The CRD as the chart's template: rendered when ``crds.install``, kept by Helm on uninstall."""
    head, rest = crd_yaml.split("\n  labels:\n", 1)
    annotated = head + "\n  annotations:\n    helm.sh/resource-policy: keep\n  labels:\n" + rest
    return "{{- if .Values.crds.install }}\n" + annotated + "{{- end }}\n"


def outputs() -> dict[Path, str]:
    """Every committed copy of the CRD and its expected text."""
    text = expected()
    return {PLAIN: text, CHART_TEMPLATE: chart_template(text)}


def main() -> int:
    """Write (or with --check, compare) every committed copy of the CRD."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when a file is out of date")
    args = parser.parse_args()
    wanted = outputs()
    stale = [t for t, text in wanted.items() if not t.exists() or t.read_text(encoding="utf-8") != text]
    if args.check:
        for target in stale:
            print(f"{target.relative_to(ROOT)} is out of date: run python scripts/gen_crd.py", file=sys.stderr)
        return 1 if stale else 0
    for target in stale:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(wanted[target], encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
