"""`schemawright --help` and `validate` import only what they use (bench/run.py measures the time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SHOP = Path(__file__).resolve().parents[2] / "examples" / "shop" / "v2" / "schema.yaml"
HEAVY = ("psycopg", "migra", "sqlalchemy", "kopf", "kubernetes", "rich", "jsonschema", "postgast")

PROBE = """
import sys
from schemawright.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print("loaded:" + ",".join(m for m in {heavy!r} if m in sys.modules))
"""


def loaded_by(*argv: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv], capture_output=True, text=True,
                         check=True).stdout.splitlines()[-1]
    return set(filter(None, out.removeprefix("loaded:").split(",")))


def test_help_imports_no_driver_differ_operator_or_renderer() -> None:
    assert loaded_by("--help") == set()
    assert loaded_by("plan", "--help") == set()


def test_validate_needs_no_differ_and_no_operator() -> None:
    assert loaded_by("validate", str(SHOP)) & {"migra", "sqlalchemy", "kopf", "kubernetes"} == set()
