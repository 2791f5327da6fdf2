"""Progress and Cancel as the writers see them: a count to report and a question asked between sections and pages."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class ExportCancelled(Exception):
    """The officer cancelled the export or report; no file was left behind."""


@dataclass(frozen=True)
class Steps:
    """A writer's view of the task running it: `progress(done, total)` and `cancelled()`, both optional."""

    progress: Callable[[int, int], None] | None = None
    cancelled: Callable[[], bool] | None = None

    def check(self) -> None:
        """Stop here (raise ExportCancelled) when the officer has cancelled."""
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled

    def step(self, done: int, total: int) -> None:
        """Report `done` of `total` (0: unknown), after checking for Cancel."""
        self.check()
        if self.progress is not None:
            self.progress(done, total)


NO_STEPS = Steps()


def steps_of(
    progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None
) -> Steps:
    """The Steps of a writer called with the task runner's `progress` and `cancelled` (either may be None)."""
    return Steps(progress, cancelled) if progress is not None or cancelled is not None else NO_STEPS
