"""``spec.sqlFrom``: SQL kept in ConfigMaps of the resource's namespace, appended to ``spec.sql`` in order.

One object is limited in size (etcd: about 1.5 MiB; client-side apply's annotation: 256 KiB), real schemas
are not: the SQL may be split over several ConfigMap keys. The digest of what was read is kept in the status
(``sqlFromDigest``), so the operator's timer sees a changed ConfigMap and reconciles.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from typing import Any

from schemawright.operator.kube import Kube
from schemawright.spec import DesiredSchema


def references(document: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The (ConfigMap, key) pairs of ``spec.sqlFrom``, in order."""
    spec = document.get("spec") or {}
    return [(str(r["configMap"]), str(r["key"])) for r in spec.get("sqlFrom") or []]


def read(namespace: str, refs: list[tuple[str, str]], kube: Kube) -> tuple[str, str]:
    """The SQL of every reference, concatenated, and its digest; SecretUnavailable-style errors name the key."""
    parts = [kube.config_map_value(namespace, name, key) for name, key in refs]
    sql = "\n".join(part if part.rstrip().endswith(";") else part.rstrip() + ";" for part in parts if part.strip())
    return sql, "sha256:" + hashlib.sha256(sql.encode()).hexdigest()[:32]


def with_sql_from(desired: DesiredSchema, sql: str) -> DesiredSchema:
    """``desired`` with the ConfigMaps' SQL after ``spec.sql`` (guarded with it when the plan is made; the
    document's own size limit applies to the resource, not to what its ConfigMaps hold)."""
    combined = f"{desired.sql.rstrip()}\n{sql}" if desired.sql.strip() else sql
    return dataclasses.replace(desired, sql=combined)
