"""Architecture decision records: one for every plan (MADR-style Markdown, and a compact form bounded in size
for a Kubernetes annotation), and the document's own ``spec.decisions`` rendered as numbered ADRs.

Both forms of a plan's ADR come from one :class:`PlanRecord` (the facts, computed once), so the annotation
never says something the Markdown does not. Pure except :func:`write_plan_adr` and :func:`export_decisions`,
which write files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from schemawright.classify.hazards import Hazard, Lock
from schemawright.errors import Problem, SpecError
from schemawright.inspect.catalog import Catalog
from schemawright.plan import PhaseName, Plan
from schemawright.plan.model import Step
from schemawright.spec.model import Decision, DesiredSchema

COMPACT_LIMIT = 4096  # bytes: well under Kubernetes' 256 KiB for all annotations of an object together

# Throughput assumed for the duration estimates (order of magnitude; real numbers depend on the hardware,
# the rows' width, the indexes and the load). Stated in every ADR that uses them.
SCAN_BYTES_PER_S = 200 * 1024 * 1024  # a validation scan reads the table
BUILD_BYTES_PER_S = 50 * 1024 * 1024  # an index build reads and sorts
REWRITE_BYTES_PER_S = 50 * 1024 * 1024  # a rewrite copies the table and rebuilds its indexes
BACKFILL_ROWS_PER_S = 10_000  # batched UPDATEs in primary-key order

HAZARD_MEANING = {
    Hazard.ACCESS_EXCLUSIVE_LOCK: "blocks reads and writes of the table while held (and while queued)",
    Hazard.BLOCKS_WRITES: "a SHARE-level lock held for a scan or build: writes wait",
    Hazard.TABLE_REWRITE: "the whole table is copied under an exclusive lock",
    Hazard.VALIDATION_SCAN: "reads every row to validate a constraint (reads and writes continue)",
    Hazard.INDEX_BUILD: "reads every row to build an index",
    Hazard.BACKFILL: "updates existing rows, in batches",
    Hazard.DELETES_DATA: "rows or column values are gone afterwards",
    Hazard.IRREVERSIBLE: "no rollback statement can restore the previous state",
    Hazard.BREAKS_CLIENTS: "a name the running application may use disappears",
}


@dataclass(frozen=True)
class TableFact:
    """A table the plan touches: its size in the live database and what the plan does to it."""

    name: str  # schema.table
    rows: int | None  # None: not in the live database (new)
    size_bytes: int
    steps: int
    lock: Lock
    hazards: tuple[Hazard, ...]
    seconds: float

    @property
    def size_text(self) -> str:
        """``~1,200 rows, 96 kB`` or ``new``."""
        if self.rows is None:
            return "new"
        return f"~{self.rows:,} rows, {_bytes(self.size_bytes)}"


@dataclass(frozen=True)
class StepFact:
    """One step, as the ADR tells it."""

    number: int
    phase: PhaseName
    kind: str
    table: str | None
    reason: str
    lock: Lock
    hazards: tuple[Hazard, ...]
    seconds: float
    rollback: str | None
    destructive: bool


@dataclass(frozen=True)
class PlanRecord:
    """The facts of a plan's ADR."""

    title: str
    date: str
    source: str
    name: str
    plan_hash: str
    fingerprint: str
    desired_fingerprint: str
    steps: tuple[StepFact, ...]
    tables: tuple[TableFact, ...]
    hazards: tuple[Hazard, ...]
    decisions: tuple[Decision, ...]
    notes: tuple[str, ...] = ()
    batch_size: int = 1000
    lock_timeout_ms: int = 2000
    phase_counts: dict[str, int] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        """Estimated total duration of the steps (sequential)."""
        return sum(s.seconds for s in self.steps)

    @property
    def approval_steps(self) -> tuple[StepFact, ...]:
        """The contract steps (they need approval)."""
        return tuple(s for s in self.steps if s.phase is PhaseName.CONTRACT)


# --------------------------------------------------------------------------------------------------------
# Facts


def _step_table(step: Step) -> str | None:
    if step.table:
        return step.table
    if step.backfill is not None:
        return f"{step.backfill.schema}.{step.backfill.table}"
    return None


def estimate_seconds(step: Step, rows: int, size_bytes: int, *, pause_ms: int = 0) -> float:
    """Order-of-magnitude duration of ``step`` on a table of ``rows`` rows and ``size_bytes`` bytes."""
    seconds = 0.0
    if Hazard.TABLE_REWRITE in step.hazards:
        seconds += size_bytes / REWRITE_BYTES_PER_S
    if Hazard.INDEX_BUILD in step.hazards:
        seconds += size_bytes / BUILD_BYTES_PER_S
    if Hazard.VALIDATION_SCAN in step.hazards:
        seconds += size_bytes / SCAN_BYTES_PER_S
    if step.backfill is not None:
        batches = -(-rows // max(step.backfill.batch_size, 1))
        seconds += rows / BACKFILL_ROWS_PER_S + batches * pause_ms / 1000
    return seconds


def relevant_decisions(decisions: Sequence[Decision], tables: Sequence[str]) -> tuple[Decision, ...]:
    """Accepted decisions about a table the plan touches (an object inside it, or a pattern matching it)."""

    def about(obj: str, table: str) -> bool:
        if any(c in obj for c in "*?["):  # a pattern: about the table itself, or about everything in it
            return fnmatchcase(table, obj) or (obj.endswith(".*") and fnmatchcase(table, obj[:-2]))
        return obj == table or obj.startswith(table + ".") or table.startswith(obj + ".")

    return tuple(d for d in decisions if d.status == "accepted" and any(about(o, t) for o in d.objects for t in tables))


def plan_record(
    plan: Plan, *, desired: DesiredSchema | None = None, live: Catalog | None = None, date: str | None = None
) -> PlanRecord:
    """The facts of ``plan``'s ADR; ``live`` (the catalog the plan was made from) gives table sizes."""
    pause = desired.policy.backfill_pause_ms if desired else 0
    steps: list[StepFact] = []
    for number, step in enumerate(plan.steps, start=1):
        table_name = _step_table(step)
        table = live.table(*table_name.split(".", 1)) if live is not None and table_name else None
        seconds = estimate_seconds(step, table.rows if table else 0, table.size_bytes if table else 0, pause_ms=pause)
        steps.append(
            StepFact(
                number=number,
                phase=step.phase,
                kind=step.kind,
                table=table_name,
                reason=step.reason,
                lock=step.lock,
                hazards=step.hazards,
                seconds=seconds,
                rollback=step.rollback,
                destructive=step.destructive,
            )
        )
    tables: list[TableFact] = []
    for name in sorted({s.table for s in steps if s.table}):
        mine = [s for s in steps if s.table == name]
        table = live.table(*name.split(".", 1)) if live is not None else None
        lock = Lock.NONE
        for s in mine:
            lock = lock.strongest(s.lock)
        tables.append(
            TableFact(
                name=name,
                rows=table.rows if table else None,
                size_bytes=table.size_bytes if table else 0,
                steps=len(mine),
                lock=lock,
                hazards=tuple(sorted({h for s in mine for h in s.hazards})),
                seconds=sum(s.seconds for s in mine),
            )
        )
    name = desired.name if desired else Path(plan.source).stem or "schema"
    decisions = relevant_decisions(desired.decisions, [t.name for t in tables]) if desired else ()
    return PlanRecord(
        title=f"Schema change for {name}: plan {plan.hash}",
        date=date or dt.date.today().isoformat(),
        source=plan.source,
        name=name,
        plan_hash=plan.hash,
        fingerprint=plan.fingerprint,
        desired_fingerprint=plan.desired_fingerprint,
        steps=tuple(steps),
        tables=tuple(tables),
        hazards=tuple(plan.hazards),
        decisions=decisions,
        notes=plan.notes,
        batch_size=desired.policy.backfill_batch_size if desired else 1000,
        lock_timeout_ms=desired.policy.lock_timeout_ms if desired else 2000,
        phase_counts={str(p.name): len(p.steps) for p in plan.phases if p.steps},
    )


# --------------------------------------------------------------------------------------------------------
# Rendering


def _bytes(size: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "B" else f"{size:.0f} {unit}"
        size //= 1024
    return f"{size} TB"  # pragma: no cover


def duration_text(seconds: float) -> str:
    """``< 1 s``, ``~40 s``, ``~12 min``, ``~3 h``."""
    if seconds < 1:
        return "< 1 s"
    if seconds < 120:
        return f"~{seconds:.0f} s"
    if seconds < 7200:
        return f"~{seconds / 60:.0f} min"
    return f"~{seconds / 3600:.1f} h"


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def _held(table: TableFact) -> str:
    """What the strongest lock on a table means for the application, in a few words."""
    if Hazard.TABLE_REWRITE in table.hazards:
        return "the whole rewrite: reads and writes wait"
    if Hazard.BLOCKS_WRITES in table.hazards:
        return "the whole scan or build: writes wait"
    if table.lock is Lock.NONE:
        return "— (new table)"
    if table.lock is Lock.ACCESS_EXCLUSIVE:
        return "a catalog change: brief, but reads and writes wait for it"
    if table.lock.blocks_writes:
        return "a catalog change: brief, writes wait for it"
    return "the step; reads and writes continue"


def markdown(record: PlanRecord, *, number: int | None = None) -> str:
    """The ADR as MADR-style Markdown: context, decision, consequences, the decisions it relied on."""
    lines = _heading(record, number)
    if not record.steps:
        return "\n".join([*lines, "The live schema already matches the desired one: nothing changes.", ""])
    sections = (
        _context(record),
        _decision(record),
        _locks(record),
        _duration(record),
        _rollback(record),
        _decisions_relied_on(record),
    )
    return "\n".join([*lines, *(line for section in sections for line in section), ""])


def _heading(record: PlanRecord, number: int | None) -> list[str]:
    heading = f"# ADR-{number:04d}: {record.title}" if number is not None else f"# {record.title}"
    return [
        heading,
        "",
        "- Status: proposed (accepted once the plan is applied)",
        f"- Date: {record.date}",
        f"- Source: `{record.source}`",
        f"- Plan: `{record.plan_hash}` from live schema `{record.fingerprint}` to `{record.desired_fingerprint}`",
        "",
        "## Context and problem statement",
        "",
    ]


def _context(record: PlanRecord) -> list[str]:
    """The tables involved with their size, the hazards, and the notes of the plan."""
    lines = [
        f"`{record.source}` asks for {len(record.steps)} change step(s). The tables involved, with their size "
        "in the live database when the plan was made:",
        "",
        "| table | size | steps | strongest lock | hazards |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| `{t.name}` | {t.size_text} | {t.steps} | {t.lock} | {', '.join(t.hazards) or '—'} |" for t in record.tables
    ]
    lines.append("")
    if record.hazards:
        lines += ["Hazards of the change:", ""]
        lines += [f"- `{h}`: {HAZARD_MEANING.get(h, '')}" for h in record.hazards]
        lines.append("")
    for note in record.notes:
        lines += [f"> {note}", ""]
    return lines


def _decision(record: PlanRecord) -> list[str]:
    """The steps phase by phase, each with its reason; the switch says what the application must do."""
    lines = [
        "## Decision",
        "",
        "Apply the change as an expand–contract plan ([ADR-0004 of schemawright](https://github.com/schemawright/"
        "schemawright/blob/main/docs/adr/0004-expand-contract-rules.md)), each step for the reason given:",
        "",
    ]
    for phase in PhaseName:
        mine = [s for s in record.steps if s.phase is phase]
        if phase is PhaseName.SWITCH:
            lines += [
                "### switch",
                "",
                "Deploy the application version that uses the new schema; the contract phase waits for it.",
                "",
            ]
        elif mine:
            lines += [f"### {phase}", ""]
            lines += [f"{s.number}. **{s.kind}**{f' on `{s.table}`' if s.table else ''}: {s.reason}" for s in mine]
            lines.append("")
    return lines


def _locks(record: PlanRecord) -> list[str]:
    """The strongest lock per table and how long it is held."""
    lines = [
        "## Consequences",
        "",
        "### Locks",
        "",
        f"Every step runs under `lock_timeout` = {record.lock_timeout_ms} ms: a lock that cannot be had at "
        "once fails the step (it is retried with backoff) instead of queueing the application behind it.",
        "",
        "| table | strongest lock | held for |",
        "|---|---|---|",
    ]
    return lines + [f"| `{t.name}` | {t.lock} | {_held(t)} |" for t in record.tables]


def _duration(record: PlanRecord) -> list[str]:
    """The expected duration in all, and of each step expected to take a second or more."""
    lines = [
        "",
        "### Expected duration",
        "",
        f"In all: {duration_text(record.seconds)}, estimated from the live tables' sizes (order of "
        f"magnitude: scans {SCAN_BYTES_PER_S >> 20} MB/s, index builds and rewrites "
        f"{BUILD_BYTES_PER_S >> 20} MB/s, "
        f"backfills {BACKFILL_ROWS_PER_S:,} rows/s in batches of {record.batch_size}).",
        "",
    ]
    slow = [s for s in record.steps if s.seconds >= 1]
    return lines + (
        [f"- step {s.number} ({s.kind} on `{s.table}`): {duration_text(s.seconds)}" for s in slow]
        or ["- every step is expected to take less than a second"]
    )


def _rollback(record: PlanRecord) -> list[str]:
    """How to undo each finished step (or that it cannot be undone), and what waits for approval."""
    lines = [
        "",
        "### Rollback",
        "",
        "Steps commit one by one; an interrupted apply leaves the finished steps in place and the next plan "
        "holds only what is left. Undoing finished steps:",
        "",
    ]
    for s in record.steps:
        if s.rollback:
            lines.append(f"- step {s.number} ({s.kind}): `{_cell(s.rollback)}`")
        elif s.destructive or Hazard.IRREVERSIBLE in s.hazards:
            lines.append(f"- step {s.number} ({s.kind}): **irreversible** (restore from a backup)")
    if not any(s.rollback or s.destructive or Hazard.IRREVERSIBLE in s.hazards for s in record.steps):
        lines.append("- no step has a rollback statement; none is destructive")
    if record.approval_steps:
        lines += [
            "",
            f"{len(record.approval_steps)} contract step(s) run only with `--allow-destructive` or an "
            f"approval of plan `{record.plan_hash}`.",
        ]
    return lines


def _decisions_relied_on(record: PlanRecord) -> list[str]:
    """The document's ``spec.decisions`` about the tables this plan touches."""
    lines = ["", "## Decisions relied on", ""]
    if not record.decisions:
        return [*lines, "- none of the document's `spec.decisions` is about the tables this plan touches"]
    return lines + [
        f"- **{d.id}: {d.title}** ({d.status}{f', {d.date}' if d.date else ''}) — "
        f"{_cell(d.decision.strip()) or '(no decision text)'}"
        for d in record.decisions
    ]


def compact(
    plan: Plan,
    *,
    desired: DesiredSchema | None = None,
    live: Catalog | None = None,
    date: str | None = None,
    limit: int = COMPACT_LIMIT,
) -> str:
    """The ADR in at most ``limit`` bytes of UTF-8 (for a Kubernetes annotation): same facts, fewer words."""
    return compact_record(plan_record(plan, desired=desired, live=live, date=date), limit=limit)


def compact_record(record: PlanRecord, *, limit: int = COMPACT_LIMIT) -> str:
    """:func:`compact` of an existing record."""
    phases = ", ".join(f"{k} {v}" for k, v in record.phase_counts.items()) or "no changes"
    lines = [
        f"{record.title} ({record.date}); from {record.fingerprint}",
        f"steps: {len(record.steps)} ({phases}); expected {duration_text(record.seconds)}",
        f"hazards: {', '.join(record.hazards) or 'none'}",
    ]
    if record.approval_steps:
        # Neutral wording: the CLI approves with --approve, the operator with the schemawright.io/approve annotation.
        lines.append(
            f"approval: {len(record.approval_steps)} contract step(s) wait for approval of plan {record.plan_hash}"
        )
    lines += [
        f"table {t.name} ({t.size_text}): {t.lock}, {duration_text(t.seconds)}"
        + (f", {', '.join(t.hazards)}" if t.hazards else "")
        for t in record.tables
    ]
    lines += [f"decision {d.id}: {d.title}" for d in record.decisions]
    lines += [f"step {s.number} {s.phase}: {s.kind}{f' {s.table}' if s.table else ''}" for s in record.steps]
    return _bounded(lines, limit)


def _bounded(lines: list[str], limit: int) -> str:
    """``lines`` joined; when longer than ``limit`` bytes, cut at a line boundary with a marker saying how many
    lines were left out (the full ADR has them)."""
    text = "\n".join(lines)
    if len(text.encode()) <= limit:
        return text
    kept: list[str] = []
    for n, line in enumerate(lines):
        marker = f"… {len(lines) - n} more line(s) in the full ADR"
        if len("\n".join([*kept, line, marker]).encode()) > limit:
            kept.append(marker)
            break
        kept.append(line)
    return "\n".join(kept).encode()[:limit].decode(errors="ignore")


def plan_adr(
    plan: Plan,
    *,
    desired: DesiredSchema | None = None,
    live: Catalog | None = None,
    number: int | None = None,
    date: str | None = None,
) -> str:
    """The full Markdown ADR of ``plan``."""
    return markdown(plan_record(plan, desired=desired, live=live, date=date), number=number)


# --------------------------------------------------------------------------------------------------------
# Files


_NUMBERED = re.compile(r"^(\d{4})-.*\.md$")


def slug(text: str, limit: int = 60) -> str:
    """``Schema change for shop: plan 1a2b`` → ``schema-change-for-shop-plan-1a2b``."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:limit].rstrip("-") or "adr"


def next_number(folder: Path) -> int:
    """One more than the highest ``NNNN-`` file in ``folder`` (1 when there is none)."""
    numbers = (
        [int(m.group(1)) for p in folder.glob("*.md") if (m := _NUMBERED.match(p.name))] if folder.is_dir() else []
    )
    return max(numbers, default=0) + 1


def write_plan_adr(
    folder: Path,
    plan: Plan,
    *,
    desired: DesiredSchema | None = None,
    live: Catalog | None = None,
    date: str | None = None,
) -> Path:
    """Write ``plan``'s ADR as the next numbered file in ``folder`` (created if missing); returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    record = plan_record(plan, desired=desired, live=live, date=date)
    number = next_number(folder)
    path = folder / f"{number:04d}-{slug(record.title)}.md"
    path.write_text(markdown(record, number=number))
    return path


def decision_markdown(decision: Decision, *, source: str = "") -> str:
    """One ``spec.decisions[]`` entry as a MADR-style ADR."""
    lines = [f"# {decision.id}: {decision.title}", "", f"- Status: {decision.status}"]
    if decision.date:
        lines.append(f"- Date: {decision.date}")
    if source:
        lines.append(f"- Source: `{source}` ({decision.path})")
    if decision.rules:
        lines.append(
            f"- Lint rules acknowledged: {', '.join(decision.rules)} on "
            f"{', '.join(f'`{o}`' for o in decision.objects) or '(no objects)'}"
        )
    for heading, text in (
        ("Context and problem statement", decision.context),
        ("Decision", decision.decision),
        ("Consequences", decision.consequences),
    ):
        lines += ["", f"## {heading}", "", text.strip() or "_not recorded_"]
    return "\n".join([*lines, ""])


def decision_files(desired: DesiredSchema) -> list[tuple[str, str]]:
    """``(file name, Markdown)`` of every decision: ``NNNN-<title>.md``, NNNN from the id's digits (``ADR-0007``
    → 0007), else the next number after the highest one used."""
    used = [int(m.group(1)) for d in desired.decisions if (m := re.search(r"(\d+)$", d.id))]
    following = max(used, default=0)
    files = []
    taken: set[int] = set()
    for decision in desired.decisions:
        match = re.search(r"(\d+)$", decision.id)
        number = int(match.group(1)) if match else 0
        if not number or number in taken:
            following += 1
            number = following
        taken.add(number)
        files.append((f"{number:04d}-{slug(decision.title)}.md", decision_markdown(decision, source=desired.source)))
    return files


def export_decisions(desired: DesiredSchema, folder: Path) -> list[Path]:
    """Write every decision of ``desired`` to ``folder``; a file of the same name is replaced, but a different
    ADR with the same number is a SpecError (exit 2): export to another folder."""
    files = decision_files(desired)
    clashes = []
    for name, _text in files:
        number = name[:4]
        for existing in folder.glob(f"{number}-*.md") if folder.is_dir() else []:
            if existing.name != name:
                clashes.append(
                    Problem(
                        f"--out {folder}",
                        existing.name,
                        f"no other ADR numbered {number} (the export writes {name}); export to an empty folder",
                    )
                )
    if clashes:
        raise SpecError(desired.source, clashes)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in files:
        (folder / name).write_text(text)
        paths.append(folder / name)
    return paths
