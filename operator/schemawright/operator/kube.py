"""The few Kubernetes API calls the operator makes outside kopf: read a Secret, patch status and
annotations while a long apply runs. Synchronous (the kubernetes client), called from kopf's
handler threads.

In a cluster kopf's login (``login_via_client``) loads the service account or ``KUBECONFIG`` into the
kubernetes client's default configuration; :class:`Kube` uses that unless given another one.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import kubernetes.client
from kubernetes.client.exceptions import ApiException

from schemawright.connect.urls import mask
from schemawright.errors import FailureKind, SchemawrightError
from schemawright.operator.crd import GROUP, PLURAL, VERSION

MERGE_PATCH = "application/merge-patch+json"


# What to do about a Secret or ConfigMap the operator cannot use, by reason; every one is retried on its own.
REMEDIES = {
    "SecretNotFound": "Create the Secret in the resource's namespace; the operator retries on its own.",
    "SecretKeyNotFound": "Add the key to the Secret (or set spec.database.connectionSecretRef.key).",
    "SecretInvalid": "Put a postgresql://user:password@host:5432/dbname URL under the Secret's key.",
    "SecretForbidden": "Grant the operator's service account get on this Secret (Helm: list the namespace in "
    "watchNamespaces, and the Secret in rbac.secretNames if that is set).",
    "SecretUnreadable": "Check the API server and the operator's RBAC; the operator retries on its own.",
    "ConfigMapNotFound": "Create the ConfigMap spec.sqlFrom names in the resource's namespace; the operator retries.",
    "ConfigMapKeyNotFound": "Add the key to the ConfigMap, or fix spec.sqlFrom.",
    "ConfigMapForbidden": "Grant the operator's service account get on configmaps in this namespace (Helm: list the "
    "namespace in watchNamespaces).",
    "ConfigMapUnreadable": "Check the API server and the operator's RBAC; the operator retries on its own.",
}
KINDS = tuple(FailureKind(reason, True, remedy) for reason, remedy in REMEDIES.items())


class SecretUnavailable(SchemawrightError):
    """The connection Secret (or its key) is missing or unreadable; the message names it, never its value."""

    def __init__(self, message: str, reason: str = "SecretNotFound") -> None:
        super().__init__(message)
        self.failure_kind = FailureKind(reason, True, REMEDIES[reason])


class ConfigMapUnavailable(SecretUnavailable):
    """A ConfigMap of ``spec.sqlFrom`` (or its key) is missing or unreadable; retried like a missing Secret."""

    def __init__(self, message: str, reason: str = "ConfigMapNotFound") -> None:
        super().__init__(message, reason)


@dataclass
class Kube:
    """A kubernetes client bound to one configuration (default: the one kopf's login loaded)."""

    configuration: Callable[[], kubernetes.client.Configuration] | None = None
    _client: kubernetes.client.ApiClient | None = field(default=None, init=False, repr=False)

    def client(self) -> kubernetes.client.ApiClient:
        """The API client (created on first use, after kopf's login configured the default)."""
        if self._client is None:
            config = self.configuration() if self.configuration else kubernetes.client.Configuration.get_default_copy()
            self._client = kubernetes.client.ApiClient(config)
        return self._client

    def secret_value(self, namespace: str, name: str, key: str) -> str:
        """The value of ``key`` in Secret ``namespace/name``, or :class:`SecretUnavailable`."""
        return secret_key_value(self._read("Secret", namespace, name, SecretUnavailable), namespace, key)

    def secrets(self, namespace: str, label_selector: str) -> list[Any]:
        """The Secrets of ``namespace`` that match ``label_selector`` (a fleet's targets), by name."""
        api = kubernetes.client.CoreV1Api(self.client())
        try:
            listed = api.list_namespaced_secret(namespace, label_selector=label_selector)
        except ApiException as exc:
            if exc.status == 403:
                raise SecretUnavailable(
                    f"the operator may not list Secrets in {namespace} (HTTP 403); grant it "
                    "list and watch on secrets in this namespace",
                    "SecretForbidden",
                ) from None
            raise SecretUnavailable(
                f"cannot list Secrets in {namespace}: HTTP {exc.status} {exc.reason}", "SecretUnreadable"
            ) from None
        return sorted(listed.items or [], key=lambda s: str(s.metadata.name))

    def config_map_value(self, namespace: str, name: str, key: str) -> str:
        """The value of ``key`` in ConfigMap ``namespace/name`` (``spec.sqlFrom``), or :class:`ConfigMapUnavailable`."""
        config_map = self._read("ConfigMap", namespace, name, ConfigMapUnavailable)
        data = dict(config_map.data or {})
        if key not in data:
            keys = ", ".join(sorted(data)) or "none"
            raise ConfigMapUnavailable(
                f"ConfigMap {namespace}/{name} has no key {key!r} (keys: {keys}; spec.sqlFrom)", "ConfigMapKeyNotFound"
            )
        return str(data[key])

    def _read(self, kind: str, namespace: str, name: str, error: type[SecretUnavailable]) -> Any:
        """Read a Secret or ConfigMap; ``error`` (reasons ``<kind>NotFound/Forbidden/Unreadable``) otherwise."""
        api = kubernetes.client.CoreV1Api(self.client())
        reader = api.read_namespaced_secret if kind == "Secret" else api.read_namespaced_config_map
        try:
            return reader(name, namespace)
        except ApiException as exc:
            if exc.status == 404:
                raise error(f"{kind} {namespace}/{name} not found", f"{kind}NotFound") from None
            if exc.status == 403:
                raise error(
                    f"the operator may not read {kind} {namespace}/{name} (HTTP 403); grant it get on "
                    f"{kind.lower()}s in this namespace",
                    f"{kind}Forbidden",
                ) from None
            raise error(
                f"cannot read {kind} {namespace}/{name}: HTTP {exc.status} {exc.reason}", f"{kind}Unreadable"
            ) from None

    def patch_status(self, namespace: str, name: str, status: dict[str, Any]) -> None:
        """Merge-patch the status subresource (lists such as conditions are replaced whole)."""
        kubernetes.client.CustomObjectsApi(self.client()).patch_namespaced_custom_object_status(
            GROUP, VERSION, namespace, PLURAL, name, {"status": status}, _content_type=MERGE_PATCH
        )

    def patch_annotations(self, namespace: str, name: str, annotations: dict[str, str | None]) -> None:
        """Merge-patch annotations (``None`` removes one)."""
        kubernetes.client.CustomObjectsApi(self.client()).patch_namespaced_custom_object(
            GROUP,
            VERSION,
            namespace,
            PLURAL,
            name,
            {"metadata": {"annotations": annotations}},
            _content_type=MERGE_PATCH,
        )


def secret_key_value(secret: Any, namespace: str, key: str) -> str:
    """The value of ``key`` in a Secret object, or :class:`SecretUnavailable` naming it (never its value)."""
    name = secret.metadata.name
    data = dict(secret.data or {})
    string_data = dict(getattr(secret, "string_data", None) or {})
    if key in data:
        try:
            return base64.b64decode(data[key], validate=True).decode("utf-8").strip()
        except (binascii.Error, UnicodeDecodeError):
            raise SecretUnavailable(
                f"Secret {namespace}/{name} key {key!r} is not base64-encoded UTF-8 text", "SecretInvalid"
            ) from None
    if key in string_data:
        return str(string_data[key]).strip()
    keys = ", ".join(sorted(set(data) | set(string_data))) or "none"
    raise SecretUnavailable(f"Secret {namespace}/{name} has no key {key!r} (keys: {keys})", "SecretKeyNotFound")


def redact(text: str, *secrets: str | None) -> str:
    """``text`` with every given secret (a URL, a password) replaced and any URL password masked."""
    for secret in secrets:
        if not secret:
            continue
        text = text.replace(secret, mask(secret))
        password = _password(secret)
        if password and len(password) >= 3:
            text = text.replace(password, "***")
    return mask(text)


def _password(url: str) -> str | None:
    found = re.search(r"://[^:/@]*:([^@/]*)@", url) or re.search(r"(?i)password=([^&\s]*)", url)
    return found.group(1) if found else None
