"""The GitOps examples: Argo CD and Flux deliver the shop with the Secret from a secret manager, server-side."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from schemawright.operator.crd import resource_validator
from schemawright.spec.load import from_document

ROOT = Path(__file__).resolve().parents[2]
GITOPS = ROOT / "examples" / "gitops"


def load_all(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text()) if d]


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch: what kustomize does with a patch of a custom resource."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def shop_as_delivered() -> list[dict[str, Any]]:
    """examples/gitops/shop rendered as kustomize would (resources, patch, namespace)."""
    kustomization = yaml.safe_load((GITOPS / "shop" / "kustomization.yaml").read_text())
    objects: list[dict[str, Any]] = []
    for entry in kustomization["resources"]:
        path = GITOPS / "shop" / entry
        if path.is_dir():
            inner = yaml.safe_load((path / "kustomization.yaml").read_text())
            objects += [o for r in inner["resources"] for o in load_all(path / r)]
        else:
            objects += load_all(path)
    for patch in kustomization["patches"]:
        body = yaml.safe_load((GITOPS / "shop" / patch["path"]).read_text())
        target = (body["kind"], body["metadata"]["name"])
        objects = [merge_patch(o, body) if (o["kind"], o["metadata"]["name"]) == target else o for o in objects]
    for obj in objects:
        obj["metadata"]["namespace"] = kustomization["namespace"]
    return objects


def test_the_delivered_shop_is_valid_and_reads_its_url_from_the_external_secret() -> None:
    objects = shop_as_delivered()
    (schema,) = [o for o in objects if o["kind"] == "DatabaseSchema"]
    (external,) = [o for o in objects if o["kind"] == "ExternalSecret"]
    crd = yaml.safe_load((ROOT / "crds" / "databaseschemas.schemawright.io.yaml").read_text())
    errors = list(resource_validator(crd).iter_errors(copy.deepcopy(schema)))
    assert errors == []
    desired = from_document(schema, "examples/gitops/shop")
    assert desired.database.url_from_env is None
    ref = schema["spec"]["database"]["connectionSecretRef"]
    assert external["spec"]["target"]["name"] == ref["name"]
    assert [d["secretKey"] for d in external["spec"]["data"]] == [ref["key"]]
    assert schema["metadata"]["namespace"] == "shop"


def test_argo_cd_applies_server_side_and_checks_health_with_the_shipped_script() -> None:
    (app,) = load_all(GITOPS / "argocd" / "application.yaml")
    assert (ROOT / app["spec"]["source"]["path"] / "kustomization.yaml").exists()
    assert "ServerSideApply=true" in app["spec"]["syncPolicy"]["syncOptions"]
    assert app["spec"]["syncPolicy"]["automated"]["prune"] is False
    (config,) = load_all(GITOPS / "argocd" / "argocd-cm.yaml")
    shipped = (ROOT / "charts" / "schemawright" / "docs" / "argocd" / "health.lua").read_text()
    assert config["data"]["resource.customizations.health.schemawright.io_DatabaseSchema"] == shipped


def test_flux_waits_for_the_database_schema_to_be_ready() -> None:
    source, kustomization = load_all(GITOPS / "flux" / "kustomization.yaml")
    assert source["kind"] == "GitRepository"
    spec = kustomization["spec"]
    assert spec["sourceRef"]["name"] == source["metadata"]["name"]
    assert (ROOT / spec["path"] / "kustomization.yaml").exists()
    assert spec["wait"] is True and spec["prune"] is False
    assert spec["healthChecks"] == [
        {"apiVersion": "schemawright.io/v1alpha1", "kind": "DatabaseSchema", "name": "shop", "namespace": "shop"}
    ]
