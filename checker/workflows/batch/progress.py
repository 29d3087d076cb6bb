"""The batch progress bar: rich on a terminal, silent otherwise (logs, pipes, CI).

The only module outside ``checker/render/`` that imports rich (tests/test_layering.py).
"""
from __future__ import annotations

import sys
from typing import Any, TextIO

__all__ = ["BatchProgress"]


class BatchProgress:
    """``with BatchProgress(total) as bar: ... bar.advance(summary)``.

    Args:
        total: how many files the batch has.
        stream: where the bar is drawn (stderr); nothing is drawn unless it is a terminal.
        lang: ``zh`` or ``en`` for the bar's label.
    """

    def __init__(self, total: int, stream: TextIO | None = None, lang: str = "zh",
                 enabled: bool | None = None) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.lang = lang
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = enabled if enabled is not None else bool(isatty and isatty())
        self._progress: Any = None
        self._task: Any = None
        self.unreadable = 0

    def __enter__(self) -> BatchProgress:
        if self.enabled:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[note]}"), TimeElapsedColumn(), TimeRemainingColumn(),
                console=Console(file=self.stream), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("评分" if self.lang != "en" else "scoring",
                                                 total=self.total, note="")
        return self

    def advance(self, summary: Any = None) -> None:
        if self._progress is None:
            return
        if summary is not None and getattr(summary, "error", None):
            self.unreadable += 1
        note = ""
        if self.unreadable:
            note = (f"{self.unreadable}份无法读取" if self.lang != "en"
                    else f"{self.unreadable} unreadable")
        self._progress.update(self._task, advance=1, note=note)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
