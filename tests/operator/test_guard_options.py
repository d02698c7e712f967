"""The operator's guard overrides: flags and environment, and what the chart passes."""

from __future__ import annotations

import argparse

import pytest

from schemawright.operator.main import config_from_args
from schemawright.operator.options import add_arguments


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


def test_flags_and_environment_add_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCHEMAWRIGHT_ALLOW", "dynamic-sql, security-definer-search-path")
    monkeypatch.setenv("SCHEMAWRIGHT_ALLOW_EXTENSIONS", "pgstattuple")
    monkeypatch.delenv("SCHEMAWRIGHT_SHADOW_URL", raising=False)
    config = config_from_args(parse("--allow", "do-block", "--allow-extension", "pg_visibility"))
    overrides = config.settings.overrides
    assert overrides.rules == {"do-block", "dynamic-sql", "security-definer-search-path"}
    assert overrides.extensions == {"pgstattuple", "pg_visibility"}


def test_no_overrides_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SCHEMAWRIGHT_ALLOW", "SCHEMAWRIGHT_ALLOW_EXTENSIONS", "SCHEMAWRIGHT_SHADOW_URL"):
        monkeypatch.delenv(name, raising=False)
    overrides = config_from_args(parse()).settings.overrides
    assert not overrides.rules and not overrides.extensions


def test_an_unknown_or_fixed_rule_stops_the_operator_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCHEMAWRIGHT_ALLOW", raising=False)
    with pytest.raises(SystemExit, match="unknown guard rule 'do-blocks'"):
        config_from_args(parse("--allow", "do-blocks"))
    monkeypatch.setenv("SCHEMAWRIGHT_ALLOW", "copy")
    with pytest.raises(SystemExit, match=r"SCHEMAWRIGHT_ALLOW.*'copy' cannot be overridden"):
        config_from_args(parse())


def test_helm_guard_values_become_operator_flags_the_operator_accepts(monkeypatch: pytest.MonkeyPatch) -> None:
    import helm_python as helm
    from test_chart import CHART, render

    objects = render({"guard": {"allow": ["dynamic-sql", "do-block"], "allowExtensions": ["pgstattuple"]}})
    container = next(o for o in objects if o["kind"] == "Deployment")["spec"]["template"]["spec"]["containers"][0]
    flags = [arg for arg in container["args"] if arg.startswith("--allow")]
    assert flags == ["--allow=dynamic-sql", "--allow=do-block", "--allow-extension=pgstattuple"]
    monkeypatch.delenv("SCHEMAWRIGHT_ALLOW", raising=False)
    monkeypatch.delenv("SCHEMAWRIGHT_ALLOW_EXTENSIONS", raising=False)
    monkeypatch.delenv("SCHEMAWRIGHT_SHADOW_URL", raising=False)
    overrides = config_from_args(parse(*flags)).settings.overrides
    assert overrides.rules == {"dynamic-sql", "do-block"} and overrides.extensions == {"pgstattuple"}
    with helm.Chart.load(CHART) as chart, pytest.raises(helm.HelmValuesError):
        chart.validate_schema({"guard": {"allow": ["Do Block"]}})
