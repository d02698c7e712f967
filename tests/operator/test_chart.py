"""The Helm chart: lints, renders, every manifest is valid Kubernetes, RBAC is least privilege."""

from __future__ import annotations

import json
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
    """Every object the chart renders (the CRD is a template too)."""
    with helm.Chart.load(CHART) as chart:
        manifests = chart.render(values=values, name="schemawright", namespace="schemawright-system", is_install=True)
    return [
        doc
        for name, text in sorted(manifests.items())
        if name.endswith(".yaml")
        for doc in yaml.safe_load_all(text)
        if doc
    ]


def rules(objects: list[dict[str, Any]]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for obj in objects:
        if obj["kind"] in {"Role", "ClusterRole"}:
            for rule in obj["rules"]:
                yield obj["kind"], obj["metadata"].get("namespace", ""), rule


EVERYTHING_ON = {
    "replicaCount": 2,
    "peering": "schemawright",
    "metrics": {"serviceMonitor": {"enabled": True}},
    "networkPolicy": {
        "enabled": True,
        "apiServerCIDRs": ["10.96.0.1/32"],
        "databaseCIDRs": ["10.20.0.0/16"],
        "metricsFrom": [{"name": "monitoring"}],
    },
}


@pytest.mark.parametrize(
    "values",
    [
        None,
        {"watchNamespaces": ["shop", "billing"]},
        {"shadow": {"secretName": "shadow-db"}, "operator": {"verbose": True}},
        EVERYTHING_ON,
    ],
)
def test_chart_lints_and_renders_valid_manifests(values: dict[str, Any] | None) -> None:
    report = helm.lint(str(CHART), values, strict=True)
    assert report["errors"] == [] and not [m for m in report["messages"] if m["severity"] >= 2], report
    objects = render(values)
    assert {o["kind"] for o in objects} >= {
        "Deployment",
        "ServiceAccount",
        "ClusterRole",
        "ClusterRoleBinding",
        "Service",
    }
    for obj in objects:
        if obj["apiVersion"].startswith("monitoring.coreos.com/"):
            continue  # the Prometheus Operator's own CRD: not in Kubernetes' schemas
        for version in KUBE_VERSIONS:
            kubernetes_validate.validate(obj, version, strict=True)


def test_default_install_watches_all_namespaces_with_least_privilege() -> None:
    objects = render()
    granted = list(rules(objects))
    for _kind, _ns, rule in granted:
        assert "*" not in rule["verbs"] and "*" not in rule["resources"] and "*" not in rule["apiGroups"]
    by_resource = {
        (g, r): set(rule["verbs"]) for _k, _n, rule in granted for g in rule["apiGroups"] for r in rule["resources"]
    }
    assert by_resource == {
        ("apiextensions.k8s.io", "customresourcedefinitions"): {"list", "watch"},
        ("", "namespaces"): {"list", "watch"},
        ("schemawright.io", "databaseschemas"): {"get", "list", "watch", "patch"},
        ("schemawright.io", "databaseschemas/status"): {"get", "patch"},
        ("", "events"): {"create"},
        ("", "secrets"): {"get", "list", "watch"},  # list/watch: fleets (spec.database.secretSelector)
        ("", "configmaps"): {"get"},  # spec.sqlFrom
    }
    deployment = next(o for o in objects if o["kind"] == "Deployment")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["args"][0] == "operator" and not any(a.startswith("--namespace") for a in container["args"])
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    assert container["securityContext"]["allowPrivilegeEscalation"] is False
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert {p["name"] for p in container["ports"]} == {"health", "metrics"}
    assert [e["name"] for e in container["env"]] == ["SCHEMAWRIGHT_CACHE"]  # no shadow secret: the target's own server


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
    assert "--no-fleets" in args  # named Secrets only: no list/watch, so no fleets


def test_shadow_url_comes_from_a_secret() -> None:
    objects = render({"shadow": {"secretName": "shadow-db", "secretKey": "admin-url"}})
    container = next(o for o in objects if o["kind"] == "Deployment")["spec"]["template"]["spec"]["containers"][0]
    assert container["env"][1:] == [
        {"name": "SCHEMAWRIGHT_SHADOW_URL", "valueFrom": {"secretKeyRef": {"name": "shadow-db", "key": "admin-url"}}}
    ]


def test_the_operator_keeps_its_caches_on_the_writable_volume() -> None:
    """The root filesystem is read-only: kept inspections go to the emptyDir mounted at /tmp, else nowhere."""
    pod = next(o for o in render() if o["kind"] == "Deployment")["spec"]["template"]["spec"]
    container = pod["containers"][0]
    assert container["securityContext"]["readOnlyRootFilesystem"] is True
    assert {"name": "SCHEMAWRIGHT_CACHE", "value": "/tmp/schemawright-cache"} in container["env"]
    assert {"name": "tmp", "mountPath": "/tmp"} in container["volumeMounts"]


def test_chart_ships_the_generated_crd_as_an_upgradable_template_kept_on_uninstall() -> None:
    with helm.Chart.load(CHART) as chart:
        assert chart.crds == []  # Helm never upgrades crds/: the CRD is a template
        assert chart.metadata["appVersion"] == "0.1.0"
    (crd,) = [o for o in render() if o["kind"] == "CustomResourceDefinition"]
    plain = yaml.safe_load((ROOT / "crds" / "databaseschemas.schemawright.io.yaml").read_text())
    assert crd["metadata"]["annotations"] == {"helm.sh/resource-policy": "keep"}
    assert crd["spec"] == plain["spec"]
    assert not [o for o in render({"crds": {"install": False}}) if o["kind"] == "CustomResourceDefinition"]


def test_values_schema_rejects_nonsense() -> None:
    with helm.Chart.load(CHART) as chart:
        chart.validate_schema({"operator": {"workers": 2}})
        with pytest.raises(helm.HelmValuesError):
            chart.validate_schema({"operator": {"logFormat": "xml"}})


def _deployment(objects: list[dict[str, Any]]) -> dict[str, Any]:
    return next(o for o in objects if o["kind"] == "Deployment")


def _container(objects: list[dict[str, Any]]) -> dict[str, Any]:
    return dict(_deployment(objects)["spec"]["template"]["spec"]["containers"][0])


def _kind(objects: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [o for o in objects if o["kind"] == kind]


# Every value of values.yaml, what setting it does to the rendered chart (checked against the defaults).
VALUE_EFFECTS: dict[str, tuple[dict[str, Any], Any]] = {
    "image.repository": (
        {"image": {"repository": "registry.example/sw"}},
        lambda o: _container(o)["image"] == "registry.example/sw:0.1.0",
    ),
    "image.tag": ({"image": {"tag": "1.2.3"}}, lambda o: _container(o)["image"].endswith(":1.2.3")),
    "image.pullPolicy": ({"image": {"pullPolicy": "Always"}}, lambda o: _container(o)["imagePullPolicy"] == "Always"),
    "imagePullSecrets": (
        {"imagePullSecrets": [{"name": "regcred"}]},
        lambda o: _deployment(o)["spec"]["template"]["spec"]["imagePullSecrets"] == [{"name": "regcred"}],
    ),
    "watchNamespaces": ({"watchNamespaces": ["shop"]}, lambda o: "--namespace=shop" in _container(o)["args"]),
    "crds.install": ({"crds": {"install": False}}, lambda o: not _kind(o, "CustomResourceDefinition")),
    "serviceAccount.create": ({"serviceAccount": {"create": False}}, lambda o: not _kind(o, "ServiceAccount")),
    "serviceAccount.name": (
        {"serviceAccount": {"name": "sw"}},
        lambda o: _kind(o, "ServiceAccount")[0]["metadata"]["name"] == "sw",
    ),
    "serviceAccount.annotations": (
        {"serviceAccount": {"annotations": {"iam": "role"}}},
        lambda o: _kind(o, "ServiceAccount")[0]["metadata"]["annotations"] == {"iam": "role"},
    ),
    "rbac.create": ({"rbac": {"create": False}}, lambda o: not _kind(o, "ClusterRole")),
    "rbac.secretNames": (
        {"rbac": {"secretNames": ["db"]}},
        lambda o: any(r.get("resourceNames") == ["db"] for _k, _n, r in rules(o)),
    ),
    "shadow.secretName": (
        {"shadow": {"secretName": "s"}},
        lambda o: _container(o)["env"][1]["valueFrom"]["secretKeyRef"]["name"] == "s",
    ),
    "shadow.secretKey": (
        {"shadow": {"secretName": "s", "secretKey": "k"}},
        lambda o: _container(o)["env"][1]["valueFrom"]["secretKeyRef"]["key"] == "k",
    ),
    "operator.driftTick": ({"operator": {"driftTick": 7}}, lambda o: "--drift-tick=7" in _container(o)["args"]),
    "operator.refreshTick": ({"operator": {"refreshTick": 5}}, lambda o: "--refresh-tick=5" in _container(o)["args"]),
    "operator.retryDelay": ({"operator": {"retryDelay": 3}}, lambda o: "--retry-delay=3" in _container(o)["args"]),
    "operator.maxRetryDelay": (
        {"operator": {"maxRetryDelay": 60}},
        lambda o: "--max-retry-delay=60" in _container(o)["args"],
    ),
    "operator.workers": ({"operator": {"workers": 2}}, lambda o: "--workers=2" in _container(o)["args"]),
    "operator.logFormat": (
        {"operator": {"logFormat": "plain"}},
        lambda o: "--log-format=plain" in _container(o)["args"],
    ),
    "operator.verbose": ({"operator": {"verbose": True}}, lambda o: "--verbose" in _container(o)["args"]),
    "livenessPort": ({"livenessPort": 8081}, lambda o: "--liveness-port=8081" in _container(o)["args"]),
    "guard.allow": ({"guard": {"allow": ["do-block"]}}, lambda o: "--allow=do-block" in _container(o)["args"]),
    "guard.allowExtensions": (
        {"guard": {"allowExtensions": ["pgstattuple"]}},
        lambda o: "--allow-extension=pgstattuple" in _container(o)["args"],
    ),
    "guard.allowShortRefresh": (
        {"guard": {"allowShortRefresh": True}},
        lambda o: "--allow-short-refresh" in _container(o)["args"],
    ),
    "metrics.port": ({"metrics": {"port": 9091}}, lambda o: _kind(o, "Service")[0]["spec"]["ports"][0]["port"] == 9091),
    "metrics.service.enabled": ({"metrics": {"service": {"enabled": False}}}, lambda o: not _kind(o, "Service")),
    "metrics.service.annotations": (
        {"metrics": {"service": {"annotations": {"a": "b"}}}},
        lambda o: _kind(o, "Service")[0]["metadata"]["annotations"]["a"] == "b",
    ),
    "metrics.serviceMonitor.enabled": (
        {"metrics": {"serviceMonitor": {"enabled": True}}},
        lambda o: _kind(o, "ServiceMonitor")[0]["spec"]["endpoints"][0]["port"] == "metrics",
    ),
    "metrics.serviceMonitor.interval": (
        {"metrics": {"serviceMonitor": {"enabled": True, "interval": "15s"}}},
        lambda o: _kind(o, "ServiceMonitor")[0]["spec"]["endpoints"][0]["interval"] == "15s",
    ),
    "metrics.serviceMonitor.labels": (
        {"metrics": {"serviceMonitor": {"enabled": True, "labels": {"release": "p"}}}},
        lambda o: _kind(o, "ServiceMonitor")[0]["metadata"]["labels"]["release"] == "p",
    ),
    "probes.liveness": (
        {"probes": {"liveness": {"periodSeconds": 5}}},
        lambda o: _container(o)["livenessProbe"]["periodSeconds"] == 5,
    ),
    "probes.readiness": (
        {"probes": {"readiness": {"failureThreshold": 9}}},
        lambda o: _container(o)["readinessProbe"]["failureThreshold"] == 9,
    ),
    "replicaCount": (
        {"replicaCount": 2, "peering": "p"},
        lambda o: _deployment(o)["spec"]["replicas"] == 2 and _kind(o, "PodDisruptionBudget"),
    ),
    "peering": (
        {"replicaCount": 2, "peering": "sw-peering"},
        lambda o: "--peering=sw-peering" in _container(o)["args"],
    ),
    "podDisruptionBudget.minAvailable": (
        {"replicaCount": 3, "peering": "p", "podDisruptionBudget": {"minAvailable": 2}},
        lambda o: _kind(o, "PodDisruptionBudget")[0]["spec"]["minAvailable"] == 2,
    ),
    "networkPolicy.enabled": (EVERYTHING_ON, lambda o: _kind(o, "NetworkPolicy")),
    "networkPolicy.apiServerCIDRs": (
        EVERYTHING_ON,
        lambda o: _egress(o)[0]["to"] == [{"ipBlock": {"cidr": "10.96.0.1/32"}}],
    ),
    "networkPolicy.apiServerPort": (
        {**EVERYTHING_ON, "networkPolicy": {**EVERYTHING_ON["networkPolicy"], "apiServerPort": 6443}},
        lambda o: _egress(o)[0]["ports"] == [{"port": 6443, "protocol": "TCP"}],
    ),
    "networkPolicy.databaseCIDRs": (
        EVERYTHING_ON,
        lambda o: _egress(o)[1]["to"] == [{"ipBlock": {"cidr": "10.20.0.0/16"}}],
    ),
    "networkPolicy.databasePorts": (
        {**EVERYTHING_ON, "networkPolicy": {**EVERYTHING_ON["networkPolicy"], "databasePorts": [5432, 6432]}},
        lambda o: [p["port"] for p in _egress(o)[1]["ports"]] == [5432, 6432],
    ),
    "networkPolicy.dns": (
        {**EVERYTHING_ON, "networkPolicy": {**EVERYTHING_ON["networkPolicy"], "dns": False}},
        lambda o: len(_egress(o)) == 2,
    ),
    "networkPolicy.metricsFrom": (
        EVERYTHING_ON,
        lambda o: (
            _kind(o, "NetworkPolicy")[0]["spec"]["ingress"][0]["from"]
            == [{"namespaceSelector": {"matchLabels": {"name": "monitoring"}}}]
        ),
    ),
    "resources": (
        {"resources": {"limits": {"memory": "1Gi"}}},
        lambda o: _container(o)["resources"]["limits"]["memory"] == "1Gi",
    ),
    "podAnnotations": (
        {"podAnnotations": {"a": "b"}},
        lambda o: _deployment(o)["spec"]["template"]["metadata"]["annotations"] == {"a": "b"},
    ),
    "podLabels": (
        {"podLabels": {"team": "db"}},
        lambda o: _deployment(o)["spec"]["template"]["metadata"]["labels"]["team"] == "db",
    ),
    "nodeSelector": (
        {"nodeSelector": {"pool": "ops"}},
        lambda o: _deployment(o)["spec"]["template"]["spec"]["nodeSelector"] == {"pool": "ops"},
    ),
    "tolerations": (
        {"tolerations": [{"key": "ops", "operator": "Exists"}]},
        lambda o: _deployment(o)["spec"]["template"]["spec"]["tolerations"][0]["key"] == "ops",
    ),
    "affinity": (
        {"affinity": {"nodeAffinity": {}}},
        lambda o: "nodeAffinity" in _deployment(o)["spec"]["template"]["spec"]["affinity"],
    ),
}


def _egress(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return list(_kind(objects, "NetworkPolicy")[0]["spec"]["egress"])


def _leaves(values: dict[str, Any], prefix: str = "") -> Iterator[str]:
    """Dotted names of the values a user sets (maps of free-form keys and probe timings count as one)."""
    for key, value in values.items():
        name = f"{prefix}{key}"
        if (
            isinstance(value, dict)
            and value
            and name not in {"resources", "probes.liveness", "probes.readiness", "metrics.service.annotations"}
        ):
            yield from _leaves(value, name + ".")
        else:
            yield name


def test_every_value_is_tested_and_described() -> None:
    values = yaml.safe_load((CHART / "values.yaml").read_text())
    assert sorted(_leaves(values)) == sorted(VALUE_EFFECTS)
    schema = json.loads((CHART / "values.schema.json").read_text())
    for name in VALUE_EFFECTS:
        node = schema
        for part in name.split("."):
            node = node["properties"][part]
            assert node.get("description"), f"{name}: values.schema.json describes every value"


@pytest.mark.parametrize("name", sorted(VALUE_EFFECTS))
def test_each_value_changes_the_output(name: str) -> None:
    values, effect = VALUE_EFFECTS[name]
    assert not effect_holds(effect, render()), f"{name}: the default already shows the effect"
    assert effect_holds(effect, render(values)), f"{name}: setting it does not change the output as documented"


def effect_holds(effect: Any, objects: list[dict[str, Any]]) -> bool:
    try:
        return bool(effect(objects))
    except (KeyError, IndexError, StopIteration, TypeError):
        return False


def test_readiness_probe_and_no_pdb_for_one_replica() -> None:
    objects = render()
    container = _container(objects)
    assert container["readinessProbe"]["httpGet"] == {"path": "/healthz", "port": "health"}
    assert container["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    assert container["resources"]["requests"] and container["resources"]["limits"]
    assert not _kind(objects, "PodDisruptionBudget")
    assert _deployment(objects)["spec"]["strategy"]["type"] == "Recreate"


def test_several_replicas_need_peering_and_get_rights_on_it() -> None:
    with pytest.raises(Exception, match="peering"):
        render({"replicaCount": 2})
    objects = render({"replicaCount": 2, "peering": "p"})
    assert any("kopf.dev" in r["apiGroups"] for _k, _n, r in rules(objects))


def test_network_policy_needs_the_addresses() -> None:
    with pytest.raises(Exception, match="apiServerCIDRs"):
        render({"networkPolicy": {"enabled": True, "databaseCIDRs": ["10.0.0.0/8"]}})
