"""A progress bar on stderr while links are checked. Imported only when a person is
watching a terminal, so rich stays off the path of every other run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def progress_bar(total: int) -> Iterator[Callable[[], None]]:
    """Yields the function to call once per URL done. The bar is gone when it ends."""
    columns = (TextColumn("checking links"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("links", total=total)
        yield lambda: bar.advance(task)
