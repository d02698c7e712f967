"""Prometheus metrics of the operator (served by :func:`serve` on ``--metrics-port``).

Labels are the resource's namespace and name and an outcome word: never a URL or a value from a Secret.
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram, start_http_server

RECONCILES = Counter(
    "schemawright_reconciles_total",
    "Reconciles of DatabaseSchema resources, by result.",
    ["namespace", "name", "trigger", "result"],
)
DURATION = Histogram(
    "schemawright_reconcile_duration_seconds",
    "How long a reconcile took (plan and apply).",
    ["namespace", "name"],
    buckets=(0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600),
)
STEPS = Counter("schemawright_steps_applied_total", "Plan steps applied, by phase.", ["namespace", "name", "phase"])
DRIFT_CHECKS = Counter("schemawright_drift_checks_total", "Drift checks run.", ["namespace", "name"])
DRIFT = Counter(
    "schemawright_drift_detected_total",
    "Drift checks that found the live schema changed outside schemawright.",
    ["namespace", "name"],
)
FLEET_TARGETS = Gauge(
    "schemawright_fleet_targets",
    "Targets of a fleet (spec.database.secretSelector) by phase, after its last rollout.",
    ["namespace", "name", "phase"],
)
FLEET_APPLY_SECONDS = Histogram(
    "schemawright_fleet_target_apply_seconds",
    "How long one fleet target's plan and apply took.",
    ["namespace", "name"],
    buckets=(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600),
)
BACKFILL_ROWS = Counter("schemawright_backfill_rows_total", "Rows filled by backfill steps.", ["namespace", "name"])
REFRESH_DURATION = Histogram(
    "schemawright_refresh_duration_seconds",
    "How long a materialized view refresh took.",
    ["namespace", "name", "view"],
    buckets=(0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600),
)
REFRESH_AGE = Gauge(
    "schemawright_refresh_age_seconds",
    "Seconds since the materialized view's last successful refresh (as of the refresh timer's last tick).",
    ["namespace", "name", "view"],
)


def serve(port: int, address: str = "0.0.0.0") -> None:
    """Serve ``/metrics`` on ``address:port`` from a background thread (0 = no server)."""
    if port:
        start_http_server(port, addr=address)
