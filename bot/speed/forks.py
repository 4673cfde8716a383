"""When work may be spread over forked processes, and one such process to hand work to.

Only on Linux, with os.fork: a child starts with everything this process holds
(modules, files read, the loaded corpus), where spawning a fresh interpreter would
cost more than the work it takes over. And only while no other thread runs: a fork
copies locks another thread may hold.
"""

from __future__ import annotations

import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

MAX_PROCESSES = 4


def processes() -> int:
    """How many processes (this one included) work may be spread over; 1: none."""
    if sys.platform != "linux" or threading.active_count() > 1:
        return 1
    return min(len(os.sched_getaffinity(0)), MAX_PROCESSES)


def pool(workers: int) -> ProcessPoolExecutor:
    """Forked workers: whatever a module holds when work is submitted, they hold too."""
    return ProcessPoolExecutor(workers, mp_context=get_context("fork"))
