"""The README's commands run as written: a newcomer copies them into a shell from a checkout."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def use_block() -> list[str]:
    """The command lines of the README's `## Use` section (its bash block)."""
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Use", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block, "the Use section has a bash block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def expected_exit(line: str) -> int:
    """A comment saying `(exit N)` declares the exit code the command is meant to have."""
    found = re.search(r"\(exit (\d)\)", line)
    return int(found.group(1)) if found else 0


@pytest.mark.slow
def test_every_command_of_the_use_section_runs_as_written(tmp_path: Path) -> None:
    lines = use_block()
    assert sum(line.startswith("schemawright ") for line in lines) >= 10
    workdir = tmp_path / "checkout"
    shutil.copytree(ROOT / "examples", workdir / "examples")
    script = "\n".join(f'{line}\necho "__exit $?"' for line in lines)
    bindir = str(Path(sys.executable).parent)
    # Outside pytest's private tmp: the embedded server runs as its own user and must reach its data.
    home = Path(tempfile.mkdtemp(prefix="schemawright-readme-"))
    env = {
        "PATH": f"{bindir}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "SCHEMAWRIGHT_HOME": str(home),
        "XDG_RUNTIME_DIR": os.environ.get("XDG_RUNTIME_DIR", str(tmp_path)),
    }
    try:
        result = subprocess.run(
            ["bash", "-c", script], cwd=workdir, capture_output=True, text=True, env=env, timeout=900, check=False
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    codes = [int(line.split()[1]) for line in result.stdout.splitlines() if line.startswith("__exit ")]
    assert len(codes) == len(lines), result.stdout[-3000:] + result.stderr[-3000:]
    for line, code in zip(lines, codes, strict=True):
        assert code == expected_exit(line), f"{line!r} exited {code}\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    assert "already applied" in result.stdout
    assert (workdir / "plan.md").read_text().startswith("### schemawright plan for shop")
    assert "\x1b[" not in (workdir / "diff.sql").read_text()
    assert list((workdir / "adr").glob("*.md"))
