"""A fleet's drift check: each target's live schema read as one fingerprint (one catalog query, nothing else),
at most ``maxParallel`` targets at once, and compared with where schemawright last left it. One target that
cannot be read is noted with why, and the others are checked all the same."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from schemawright import engine
from schemawright.fleet.run import safe
from schemawright.fleet.targets import FleetTarget


@dataclass(frozen=True)
class Moved:
    """A target whose live schema is not where schemawright left it."""

    live: str
    expected: str


@dataclass
class FleetDrift:
    """What one drift check found: the targets that moved, and those it could not read (with why, URL-free)."""

    drifted: dict[str, Moved] = field(default_factory=dict)
    unreadable: dict[str, str] = field(default_factory=dict)


def check_targets(
    targets: Sequence[FleetTarget],
    expected: Mapping[str, str],
    schemas_of: Callable[[FleetTarget], tuple[str, ...]],
    max_parallel: int,
) -> FleetDrift:
    """Read the live fingerprint of every target in ``expected`` (its managed schemas: ``schemas_of``), in the
    scheme of what it is compared with."""

    def read(target: FleetTarget) -> tuple[str, str | None, str | None]:
        try:
            return target.name, engine.live_fingerprint(target.url, schemas_of(target), expected[target.name]), None
        except Exception as exc:  # one target's failure (unreachable, refused) never hides the others' drift
            return target.name, None, safe(str(exc).strip() or type(exc).__name__, target)

    found = FleetDrift()
    checked = [t for t in targets if t.name in expected]
    if not checked:
        return found
    with ThreadPoolExecutor(max_workers=max(1, min(max_parallel, len(checked))), thread_name_prefix="drift") as pool:
        for name, live, error in pool.map(read, checked):
            if error is not None:
                found.unreadable[name] = error
            elif live is not None and live != expected[name]:
                found.drifted[name] = Moved(live, expected[name])
    return found
