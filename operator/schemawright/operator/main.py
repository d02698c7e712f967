"""Run the operator: logging, metrics, liveness, then kopf with the schemawright registry."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence

import kopf

from schemawright.operator import metrics
from schemawright.operator.handlers import OperatorConfig, build_registry, operator_settings
from schemawright.operator.model import Settings
from schemawright.operator.options import add_arguments, overrides_from, shadow_url_from_env

_LOG_FORMATS = {"json": kopf.LogFormat.JSON, "plain": kopf.LogFormat.PLAIN, "full": kopf.LogFormat.FULL}


def config_from_args(args: argparse.Namespace) -> OperatorConfig:
    """The operator configuration from parsed flags and the environment."""
    shadow = shadow_url_from_env()
    if shadow is not None and not shadow.startswith(("postgresql://", "postgres://")):
        raise SystemExit("SCHEMAWRIGHT_SHADOW_URL must be a postgresql:// URL (the value is not shown)")
    settings = Settings(
        shadow_url=shadow, retry_delay_s=args.retry_delay, busy_delay_s=args.retry_delay, overrides=overrides_from(args)
    )
    return OperatorConfig(
        settings=settings,
        drift_tick_s=args.drift_tick,
        max_retry_delay_s=args.max_retry_delay,
        workers=args.workers,
        refresh_tick_s=args.refresh_tick,
        fleets=args.fleets,
    )


class QuietTimer(logging.Filter):
    """Drop kopf's per-tick lines of the drift and refresh timers ("Timer 'drift' is invoked."): noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Keep every record except the drift timer's routine ones."""
        message = record.getMessage()
        return not (
            message.startswith(("Timer 'drift' ", "Timer 'refresh' "))
            and message.endswith(("is invoked.", "succeeded."))
        )


def warm_up() -> None:
    """Import now what every reconcile needs: imported by the first reconciles instead, it would hold all the
    handler threads on Python's import lock at the start, when every resource is resumed at once."""
    import kubernetes.client

    import schemawright

    for name in ("CoreV1Api", "CustomObjectsApi"):
        getattr(kubernetes.client, name)
    for name in ("apply", "make_plan", "live_fingerprint", "from_document"):
        getattr(schemawright, name)


def run(args: argparse.Namespace) -> int:
    """Run until SIGTERM/SIGINT. Logs in with the in-cluster service account or ``KUBECONFIG``."""
    kopf.configure(log_format=_LOG_FORMATS[args.log_format], verbose=args.verbose)
    for handler in logging.getLogger().handlers:
        handler.addFilter(QuietTimer())
    config = config_from_args(args)
    warm_up()
    metrics.serve(args.metrics_port)
    liveness = f"http://0.0.0.0:{args.liveness_port}/healthz" if args.liveness_port else None
    kopf.run(
        registry=build_registry(config),
        settings=operator_settings(config),
        standalone=args.peering is None,
        peering_name=args.peering,
        clusterwide=not args.namespace,
        namespaces=args.namespace,
        liveness_endpoint=liveness,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m schemawright.operator [flags]``."""
    parser = argparse.ArgumentParser(
        prog="schemawright operator", description="Reconcile DatabaseSchema resources (kopf)."
    )
    add_arguments(parser)
    return run(parser.parse_args(argv))
