"""The Kubernetes operator: kopf watches ``DatabaseSchema`` resources and reconciles them with the engine.

Run it with ``schemawright operator`` or ``python -m schemawright.operator`` (flags:
:mod:`schemawright.operator.options`). Modules: ``handlers`` (the kopf handlers, thin), ``reconcile``
(resource → engine → status, no kopf), ``conditions``, ``annotations``, ``kube`` (Secret reads and live
patches), ``metrics``, ``crd`` (the CRD generated from the JSON Schema). Importing this package does not
import kopf.
"""
