"""A rich progress bar over the stages of a similarity run (plain lines when not a terminal)."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeElapsedColumn

__all__ = ["StageProgress"]


class StageProgress:
    """One bar per stage ("reading", "scoring q3", ...), created on its first tick; off a
    terminal, one line for reading and one per stage of 5000 pairs or more."""

    def __init__(self, console: Console, interactive: bool) -> None:
        self.console, self.interactive = console, interactive
        self._progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not interactive,
            transient=True,  # the summary table follows; finished bars would only repeat it
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> StageProgress:
        self._progress.__enter__()
        return self

    def __exit__(
        self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._progress.__exit__(et, e, tb)

    def tick(self, stage: str, advance: int, total: int) -> None:
        """Advance ``stage`` by ``advance`` of ``total`` steps."""
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(stage, total=max(total, 1))
            if not self.interactive and (stage == "reading" or total >= 5000):
                what = "submissions" if stage == "reading" else "pairs"
                self.console.print(
                    f"similarity: {stage} {total} {what}", markup=False, highlight=False
                )
        self._progress.advance(self._tasks[stage], advance)
