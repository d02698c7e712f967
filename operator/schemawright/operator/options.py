"""The operator's command-line flags (no kopf import: ``schemawright --help`` stays fast)."""

from __future__ import annotations

import argparse
import os

SHADOW_ENV = "SCHEMAWRIGHT_SHADOW_URL"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the operator's flags to ``parser`` (``schemawright operator`` and ``python -m schemawright.operator``)."""
    parser.add_argument("-n", "--namespace", action="append", default=[], metavar="NS",
                        help="watch only this namespace (repeatable; globs such as 'team-*' work); "
                             "default: all namespaces")
    parser.add_argument("--peering", metavar="NAME", default=None,
                        help="kopf peering object for several replicas (needs kopf's peering CRDs); "
                             "default: standalone (the advisory lock still allows one apply per database)")
    parser.add_argument("--liveness-port", type=int, default=8080, metavar="PORT",
                        help="serve the liveness probe on http://0.0.0.0:PORT/healthz (0: off)")
    parser.add_argument("--metrics-port", type=int, default=9090, metavar="PORT",
                        help="serve Prometheus metrics on http://0.0.0.0:PORT/metrics (0: off)")
    parser.add_argument("--log-format", choices=["json", "plain", "full"], default="json",
                        help="log format (default json, one object per line)")
    parser.add_argument("--verbose", action="store_true", help="log debug messages")
    parser.add_argument("--drift-tick", type=float, default=10.0, metavar="SECONDS",
                        help="how often each resource's drift timer wakes; the check itself runs every "
                             "spec.policy.driftCheckInterval (default 10)")
    parser.add_argument("--retry-delay", type=float, default=10.0, metavar="SECONDS",
                        help="first retry delay after a missing Secret, an unreachable database or a lock "
                             "timeout; doubles up to --max-retry-delay (default 10)")
    parser.add_argument("--max-retry-delay", type=float, default=300.0, metavar="SECONDS",
                        help="longest retry delay (default 300)")
    parser.add_argument("--workers", type=int, default=4, metavar="N",
                        help="reconciles that may run at once, across resources (default 4)")


def shadow_url_from_env() -> str | None:
    """The shadow server from ``SCHEMAWRIGHT_SHADOW_URL``, or None (a scratch database on the target's server)."""
    return os.environ.get(SHADOW_ENV) or None
