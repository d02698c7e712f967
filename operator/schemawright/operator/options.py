"""The operator's command-line flags (no kopf import: ``schemawright --help`` stays fast)."""

from __future__ import annotations

import argparse
import dataclasses
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the guard (and its parser) loads only when overrides are read, not for `--help`
    from schemawright import GuardOverrides

SHADOW_ENV = "SCHEMAWRIGHT_SHADOW_URL"
ALLOW_ENV = "SCHEMAWRIGHT_ALLOW"  # comma-separated guard rules, added to --allow
ALLOW_EXTENSIONS_ENV = "SCHEMAWRIGHT_ALLOW_EXTENSIONS"  # comma-separated extensions, added to --allow-extension
SHORT_REFRESH_ENV = "SCHEMAWRIGHT_ALLOW_SHORT_REFRESH"  # "true": spec.refresh[].every may be under a minute


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the operator's flags to ``parser`` (``schemawright operator`` and ``python -m schemawright.operator``)."""
    parser.add_argument(
        "-n",
        "--namespace",
        action="append",
        default=[],
        metavar="NS",
        help="watch only this namespace (repeatable; globs such as 'team-*' work); default: all namespaces",
    )
    parser.add_argument(
        "--peering",
        metavar="NAME",
        default=None,
        help="kopf peering object for several replicas (needs kopf's peering CRDs); "
        "default: standalone (the advisory lock still allows one apply per database)",
    )
    parser.add_argument(
        "--liveness-port",
        type=int,
        default=8080,
        metavar="PORT",
        help="serve the liveness probe on http://0.0.0.0:PORT/healthz (0: off)",
    )
    parser.add_argument(
        "--metrics-port",
        type=int,
        default=9090,
        metavar="PORT",
        help="serve Prometheus metrics on http://0.0.0.0:PORT/metrics (0: off)",
    )
    parser.add_argument(
        "--log-format",
        choices=["json", "plain", "full"],
        default="json",
        help="log format (default json, one object per line)",
    )
    parser.add_argument("--verbose", action="store_true", help="log debug messages")
    parser.add_argument(
        "--drift-tick",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="how often each resource's drift timer wakes; the check itself runs every "
        "spec.policy.driftCheckInterval (default 10)",
    )
    parser.add_argument(
        "--refresh-tick",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="how often each resource's refresh timer looks for due materialized views (spec.refresh; default 30)",
    )
    parser.add_argument(
        "--allow-short-refresh",
        action="store_true",
        help=f"allow spec.refresh[].every under one minute (also {SHORT_REFRESH_ENV}=true)",
    )
    parser.add_argument(
        "--retry-delay",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="first retry delay after a missing Secret, an unreachable database or a lock "
        "timeout; doubles up to --max-retry-delay (default 10)",
    )
    parser.add_argument(
        "--max-retry-delay", type=float, default=300.0, metavar="SECONDS", help="longest retry delay (default 300)"
    )
    parser.add_argument(
        "--fleets",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="watch Secrets for fleets (spec.database.secretSelector; needs list/watch on secrets); "
        "--no-fleets when the operator may only get named Secrets",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=4,
        metavar="N",
        help="reconciles that may run at once, across resources (default 4)",
    )
    parser.add_argument(
        "--allow",
        action="append",
        default=[],
        metavar="RULE",
        help=f"allow statements the SQL guard refuses under RULE in every resource (repeatable; also "
        f"{ALLOW_ENV}, comma-separated; see docs/sql-allow-list.md)",
    )
    parser.add_argument(
        "--allow-extension",
        action="append",
        default=[],
        metavar="NAME",
        help=f"allow CREATE EXTENSION NAME beyond the default list (repeatable; also "
        f"{ALLOW_EXTENSIONS_ENV}, comma-separated)",
    )


def shadow_url_from_env() -> str | None:
    """The shadow server from ``SCHEMAWRIGHT_SHADOW_URL``, or None (a scratch database on the target's server)."""
    return os.environ.get(SHADOW_ENV) or None


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def overrides_from(args: argparse.Namespace) -> GuardOverrides:
    """The SQL guard overrides from ``--allow``/``--allow-extension`` and the environment; SystemExit naming a rule
    that does not exist or cannot be waived."""
    from schemawright import guard_overrides

    try:
        chosen = guard_overrides(
            [*getattr(args, "allow", []), *_env_list(ALLOW_ENV)],
            [*getattr(args, "allow_extension", []), *_env_list(ALLOW_EXTENSIONS_ENV)],
        )
    except ValueError as exc:
        raise SystemExit(f"--allow / {ALLOW_ENV}: {exc}") from None
    short = getattr(args, "allow_short_refresh", False) or os.environ.get(SHORT_REFRESH_ENV, "").lower() == "true"
    return dataclasses.replace(chosen, short_refresh=short)
