"""What an instructor watches during a batch: a progress bar (or log lines), then a summary."""

from __future__ import annotations

import statistics
import time
from collections import Counter
from dataclasses import dataclass, field
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from autograder.course.batch import BatchOutcome
from autograder.printable import printable

__all__ = ["BatchProgress", "Summary", "print_summary", "summarize"]


class _RateColumn(ProgressColumn):
    """Submissions per minute, from rich's moving estimate ("--" until one is graded)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed * 60:5.1f}/min" if speed else "  -- /min", style="progress.data")


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class BatchProgress:
    """A rich bar with count, rate and ETA on a terminal; one plain line per submission
    otherwise (CI logs, ``nohup``, a pipe)."""

    def __init__(self, title: str, total: int, console: Console, interactive: bool) -> None:
        self.title, self.total, self.console, self.interactive = title, total, console, interactive
        self.count = self.graded = 0
        self.t0 = time.monotonic()
        self._progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(),
            TimeElapsedColumn(),
            "eta",
            TimeRemainingColumn(),
            console=console,
            disable=not interactive,
        )
        self._task = self._progress.add_task(title, total=total)

    def __enter__(self) -> BatchProgress:
        self._progress.__enter__()
        if not self.interactive:
            self.console.print(f"{self.title}: {self.total} submission(s)")
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.__exit__(et, e, tb)

    def done(self, o: BatchOutcome) -> None:
        """Call once per finished (or skipped) submission, from the batch's thread."""
        self.count += 1
        self._progress.advance(self._task)
        if o.results is not None:
            self.graded += 1
        if self.interactive:
            return
        if o.error:
            what = f"INTERNAL ERROR {o.error}"
        elif o.results is None:
            what = "already in the gradebook, skipped"
        else:
            r = o.results
            what = f"{r['score']:g}/{r['max_score']:g} in {r['execution_time']:.1f} s"
        line = f"[{self.count}/{self.total}] {o.student}: {what}"
        elapsed = time.monotonic() - self.t0
        if o.results is not None and elapsed > 0:  # a rate only from graded submissions
            rate = self.graded / elapsed
            left = self.total - self.count
            line += f"  ({rate * 60:.1f}/min" + (f", eta {_clock(left / rate)})" if left else ")")
        self.console.print(printable(line), markup=False, highlight=False)


@dataclass
class Summary:
    students: int = 0
    graded: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)
    max_score: float = 0.0
    scores: list[float] = field(default_factory=list)
    kinds: Counter[str] = field(default_factory=Counter)  # failed tests by kind
    kind_subs: Counter[str] = field(default_factory=Counter)  # submissions hit by each kind
    slowest: list[tuple[str, float]] = field(default_factory=list)


def summarize(outcomes: list[BatchOutcome], top: int = 5) -> Summary:
    """Class statistics of one batch (skipped submissions are counted, not scored)."""
    s = Summary(students=len(outcomes))
    times = []
    for o in outcomes:
        if o.error:
            s.errors.append(f"{o.student}: {o.error}")
        if o.results is None:
            s.skipped += o.error is None
            continue
        r = o.results
        s.graded += 1
        s.max_score = max(s.max_score, r["max_score"])
        s.scores.append(r["score"])
        times.append((o.student, float(r.get("execution_time") or 0.0)))
        hit = {t["extra_data"].get("kind", "failed") for t in r["tests"] if t["status"] != "passed"}
        s.kinds.update(
            t["extra_data"].get("kind", "failed") for t in r["tests"] if t["status"] != "passed"
        )
        s.kind_subs.update(hit)
    s.slowest = sorted(times, key=lambda x: -x[1])[:top]
    return s


def print_summary(console: Console, s: Summary) -> None:
    """The end-of-batch tables: scores, failures by kind, slowest submissions."""
    table = Table(title="summary", show_header=False)
    table.add_row("students", str(s.students))
    table.add_row("graded now", str(s.graded))
    if s.skipped:
        table.add_row("skipped", f"{s.skipped} (already in the gradebook; --force regrades)")
    if s.scores:
        mx = s.max_score or 1.0
        mean, median = statistics.fmean(s.scores), statistics.median(s.scores)
        table.add_row("mean", f"{mean:.2f} / {s.max_score:g} ({100 * mean / mx:.0f}%)")
        table.add_row("median", f"{median:.2f} / {s.max_score:g} ({100 * median / mx:.0f}%)")
        table.add_row("full marks", str(sum(x >= s.max_score for x in s.scores)))
    if s.errors:
        table.add_row("internal errors", str(len(s.errors)))
    console.print(table)
    if s.kinds:
        kinds = Table(title="failed tests by kind")
        kinds.add_column("kind")
        kinds.add_column("tests", justify="right")
        kinds.add_column("submissions", justify="right")
        for kind, n in s.kinds.most_common():
            kinds.add_row(kind, str(n), str(s.kind_subs[kind]))
        console.print(kinds)
    if s.slowest:
        slow = Table(title="slowest submissions")
        slow.add_column("student")
        slow.add_column("seconds", justify="right")
        for student, secs in s.slowest:
            slow.add_row(Text(printable(student)), f"{secs:.1f}")
        console.print(slow)
    for e in s.errors[:10]:
        console.print(Text(printable(f"internal error {e}"), style="red"))
