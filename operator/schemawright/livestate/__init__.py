"""The live schema's state in one query: its catalog fingerprint, and what was last applied to it.

Used where only "did anything change?" is asked: the no-op fast path, the stale-plan guard, the drift timer.
"""

from schemawright.livestate.fingerprint import catalog_fingerprint, fingerprint_like

__all__ = ["catalog_fingerprint", "fingerprint_like"]
