"""Fleet targets: the databases one document is rolled out to, each known by a name (never by its URL,
which carries credentials)."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from schemawright.connect.urls import check_url, database_name
from schemawright.errors import Problem, SpecError


@dataclass(frozen=True)
class FleetTarget:
    """One database of a fleet. ``url`` is left out of ``repr`` so a logged target shows no password."""

    name: str
    url: str = field(repr=False)


def from_urls(urls: Iterable[str], *, field_name: str = "--database") -> list[FleetTarget]:
    """Targets from ``--database URL`` flags, each named after its database (host added when two share one)."""
    checked = [check_url(url, field=field_name) for url in urls]
    names = [database_name(url) for url in checked]
    targets = []
    for index, (url, name) in enumerate(zip(checked, names, strict=True)):
        if names.count(name) > 1:
            name = f"{name}#{names[: index + 1].count(name)}"
        targets.append(FleetTarget(name, url))
    return targets


def from_file(path: str | Path, env: Mapping[str, str] | None = None) -> list[FleetTarget]:
    """Targets from ``--targets FILE``: a YAML or JSON list of ``{name, url}`` or ``{name, urlFromEnv}``."""
    source = str(path)
    try:
        text = Path(path).read_text()
        raw = json.loads(text) if source.endswith(".json") else yaml.safe_load(text)
    except (OSError, ValueError, yaml.YAMLError) as exc:
        expected = "a readable YAML or JSON list of {name, url} or {name, urlFromEnv}"
        raise SpecError(source, [Problem(source, str(exc).splitlines()[0][:200], expected)]) from None
    return parse(raw, source, os.environ if env is None else env)


_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,252}$")


def parse(raw: Any, source: str, env: Mapping[str, str]) -> list[FleetTarget]:
    """Validate a targets list; every problem is named by its index and field."""
    if not isinstance(raw, list) or not raw:
        raise SpecError(
            source,
            [
                Problem(
                    source,
                    type(raw).__name__ if raw else "nothing",
                    "a non-empty list of {name, url} or {name, urlFromEnv}",
                )
            ],
        )
    problems: list[Problem] = []
    targets: list[FleetTarget] = []
    seen: set[str] = set()
    for index, item in enumerate(raw):
        where = f"[{index}]"
        if not isinstance(item, dict):
            problems.append(Problem(where, type(item).__name__, "a mapping {name, url} or {name, urlFromEnv}"))
            continue
        unknown = sorted(set(item) - {"name", "url", "urlFromEnv"})
        if unknown:
            problems.append(Problem(f"{where}.{unknown[0]}", "an unknown field", "only name, url or urlFromEnv"))
        name = item.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            problems.append(Problem(f"{where}.name", repr(name)[:60], "a name of letters, digits, '_', '.', '-'"))
            continue
        if name in seen:
            problems.append(Problem(f"{where}.name", repr(name), "a name no other target has"))
        seen.add(name)
        if ("url" in item) == ("urlFromEnv" in item):
            problems.append(
                Problem(
                    f"{where} ({name})",
                    "both url and urlFromEnv" if "url" in item else "neither",
                    "exactly one of url and urlFromEnv",
                )
            )
            continue
        url = item.get("url")
        if "urlFromEnv" in item:
            variable = str(item["urlFromEnv"])
            url = env.get(variable)
            if not url:
                problems.append(
                    Problem(
                        f"{where}.urlFromEnv ({name})",
                        f"{variable} unset",
                        "an environment variable holding the target's postgresql:// URL",
                    )
                )
                continue
        try:
            targets.append(FleetTarget(name, check_url(str(url), field=f"{where}.url ({name})")))
        except SpecError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SpecError(source, problems)
    return targets
