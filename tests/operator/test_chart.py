"""The Helm chart: lints, renders, every manifest is valid Kubernetes, RBAC is least privilege."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
CHART = ROOT / "charts" / "schemawright"
KUBE_VERSIONS = ("1.29.0", "1.33.0")


def render(values: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every object the chart renders (templates; the CRD under crds/ is checked separately)."""
    with helm.Chart.load(CHART) as chart:
        manifests = chart.render(values=values, name="schemawright", namespace="schemawright-system",
                                 is_install=True)
    return [doc for name, text in sorted(manifests.items()) if name.endswith(".yaml")
            for doc in yaml.safe_load_all(text) if doc]


def rules(objects: list[dict[str, Any]]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for obj in objects:
        if obj["kind"] in {"Role", "ClusterRole"}:
            for rule in obj["rules"]:
                yield obj["kind"], obj["metadata"].get("namespace", ""), rule


@pytest.mark.parametrize("values", [None, {"watchNamespaces": ["shop", "billing"]},
                                    {"shadow": {"secretName": "shadow-db"}, "operator": {"verbose": True}}])
def test_chart_lints_and_renders_valid_manifests(values: dict[str, Any] | None) -> None:
    report = helm.lint(str(CHART), values, strict=True)
    assert report["errors"] == [] and not [m for m in report["messages"] if m["severity"] >= 2], report
    objects = render(values)
    assert {o["kind"] for o in objects} >= {"Deployment", "ServiceAccount", "ClusterRole", "ClusterRoleBinding",
                                             "Service"}
    for obj in objects:
        for version in KUBE_VERSIONS:
            kubernetes_validate.validate(obj, version, strict=True)


def test_default_install_watches_all_namespaces_with_least_privilege() -> None:
    objects = render()
    granted = list(rules(objects))
    for _kind, _ns, rule in granted:
        assert "*" not in rule["verbs"] and "*" not in rule["resources"] and "*" not in rule["apiGroups"]
    by_resource = {(g, r): set(rule["verbs"]) for _k, _n, rule in granted for g in rule["apiGroups"]
                   for r in rule["resources"]}
    assert by_resource == {
        ("apiextensions.k8s.io", "customresourcedefinitions"): {"list", "watch"},
        ("", "namespaces"): {"list", "watch"},
        ("schemawright.io", "databaseschemas"): {"get", "list", "watch", "patch"},
        ("schemawright.io", "databaseschemas/status"): {"get", "patch"},
        ("", "events"): {"create"},
        ("", "secrets"): {"get"},
    }
    deployment = next(o for o in objects if o["kind"] == "Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["args"][0] == "operator" and not any(a.startswith("--namespace") for a in container["args"])
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert {p["name"] for p in container["ports"]} == {"health", "metrics"}
    assert "env" not in container  # no shadow secret: scratch databases on the target's own server


def test_watched_namespaces_get_roles_not_cluster_wide_secrets() -> None:
    objects = render({"watchNamespaces": ["shop", "billing"], "rbac": {"secretNames": ["shop-db"]}})
    secret_rules = [(kind, ns, rule) for kind, ns, rule in rules(objects) if "secrets" in rule["resources"]]
    assert sorted((kind, ns) for kind, ns, _ in secret_rules) == [("Role", "billing"), ("Role", "shop")]
    assert all(rule["resourceNames"] == ["shop-db"] for _k, _n, rule in secret_rules)
    bindings = [o for o in objects if o["kind"] == "RoleBinding"]
    assert sorted(b["metadata"]["namespace"] for b in bindings) == ["billing", "shop"]
    assert all(b["subjects"][0]["namespace"] == "schemawright-system" for b in bindings)
    deployment = next(o for o in objects if o["kind"] == "Deployment")
    args = deployment["spec"]["template"]["spec"]["containers"][0]["args"]
    assert "--namespace=shop" in args and "--namespace=billing" in args


def test_shadow_url_comes_from_a_secret() -> None:
    objects = render({"shadow": {"secretName": "shadow-db", "secretKey": "admin-url"}})
    container = next(o for o in objects if o["kind"] == "Deployment")["spec"]["template"]["spec"]["containers"][0]
    assert container["env"] == [{"name": "SCHEMAWRIGHT_SHADOW_URL", "valueFrom": {
        "secretKeyRef": {"name": "shadow-db", "key": "admin-url"}}}]


def test_chart_ships_the_generated_crd() -> None:
    with helm.Chart.load(CHART) as chart:
        (crd,) = chart.crds
        assert crd["data"] == (ROOT / "crds" / "databaseschemas.schemawright.io.yaml").read_text()
        assert chart.metadata["appVersion"] == "0.1.0"


def test_values_schema_rejects_nonsense() -> None:
    with helm.Chart.load(CHART) as chart:
        chart.validate_schema({"operator": {"workers": 2}})
        with pytest.raises(helm.HelmValuesError):
            chart.validate_schema({"operator": {"logFormat": "xml"}})
