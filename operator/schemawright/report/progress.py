"""Apply events for people: a line per step, warnings for lock retries, and for each backfill a progress bar
(rate, ETA) in a terminal or, in a pipe or CI log, progress lines printed in order with the steps."""

from __future__ import annotations

import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

from schemawright.execute.events import Event


class ConsoleReporter:
    """An :data:`~schemawright.execute.events.EventCallback` for the CLI (use as a context manager)."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            TextColumn("        {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.tasks: dict[int, TaskID] = {}
        self.live = console.is_terminal  # a live bar only where it can redraw itself
        self.last_line: dict[int, float] = {}  # backfill step → when its last progress line was printed

    def __enter__(self) -> ConsoleReporter:
        if self.live:
            self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        if self.live:
            self.progress.stop()

    def __call__(self, event: Event) -> None:
        step = event.step
        if event.kind == "step-done":
            retries = f" after {event.attempt} attempts" if event.attempt > 1 else ""
            self.console.print(f"  [green]done[/]  {event.index:>3} {step.phase:9} {step.kind}{retries}")
        elif event.kind == "step-skipped":
            self.console.print(f"  [cyan]found[/] {event.index:>3} {step.phase:9} {step.kind} (already done)")
        elif event.kind == "lock-retry":
            holders = "; ".join(f"pid {b.pid} ({b.application}, {b.state} {b.seconds:.0f}s)" for b in event.blockers)
            self.console.print(
                f"  [yellow]lock[/]  {event.index:>3} {step.kind}: lock_timeout hit (attempt "
                f"{event.attempt}); retrying in {event.delay_s:.1f}s. Held by: {holders or '?'}"
            )
        elif event.kind == "backfill" and step.backfill is not None and not self.live:
            self._backfill_line(event)
        elif event.kind == "backfill" and step.backfill is not None:
            rate = f"{event.rate:,.0f} rows/s" if event.rate else ""
            task = self.tasks.get(event.index)
            if task is None:
                self.tasks[event.index] = self.progress.add_task(
                    f"backfill {step.backfill.table}.{step.backfill.column}",
                    total=max(event.total, 1),
                    completed=event.done,
                    rate=rate,
                )
            else:
                self.progress.update(task, total=max(event.total, 1), completed=event.done, rate=rate)

    def _backfill_line(self, event: Event) -> None:
        """A progress line at the first batch, the last, and at most every 10 seconds in between."""
        assert event.step.backfill is not None
        now = time.monotonic()
        finished = event.done >= event.total
        if not finished and now - self.last_line.get(event.index, -1e9) < 10:
            return
        self.last_line[event.index] = now
        rate = f", {event.rate:,.0f} rows/s" if event.rate else ""
        self.console.print(
            f"  backfill {event.index:>3} {event.step.backfill.table}.{event.step.backfill.column}: "
            f"{event.done:,}/{event.total:,} rows{rate}",
            soft_wrap=True,
        )
