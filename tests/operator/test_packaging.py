"""The operator image and its entry points (the image itself is built by `docker build`, not here)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_dockerfile_runs_the_operator_as_a_non_root_user_on_a_slim_python() -> None:
    text = (ROOT / "Dockerfile").read_text()
    bases = re.findall(r"^FROM (\S+)", text, flags=re.M)
    assert bases and all(re.fullmatch(r"python:3\.1[1-9]-slim(@sha256:[0-9a-f]+)?", b.split(" ")[0]) for b in bases)
    user = re.findall(r"^USER (\S+)", text, flags=re.M)
    assert user and user[-1].split(":")[0] == "10001"
    assert 'ENTRYPOINT ["schemawright"]' in text and 'CMD ["operator"]' in text
    deployment = (ROOT / "charts" / "schemawright" / "templates" / "deployment.yaml").read_text()
    assert "runAsUser: 10001" in deployment  # the chart's securityContext matches the image's user
    assert yaml.safe_load((ROOT / "charts" / "schemawright" / "Chart.yaml").read_text())["appVersion"] == "0.1.0"


def test_both_entry_points_know_the_operator() -> None:
    for command in (
        [sys.executable, "-m", "schemawright", "operator", "--help"],
        [sys.executable, "-m", "schemawright.operator", "--help"],
    ):
        result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
        assert result.returncode == 0, result.stderr
        assert "--liveness-port" in result.stdout and "--metrics-port" in result.stdout
