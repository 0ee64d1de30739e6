"""Timing shared by the benchmark scripts (they print figures; the tests never time anything)."""

from __future__ import annotations

import time


def timed(function, repeat: int) -> list[float]:
    """Seconds taken by each of ``repeat`` calls of ``function``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def timed_both(function, repeat: int) -> tuple[list[float], list[float]]:
    """Wall seconds and processor seconds (this process, user and system) of each of ``repeat`` calls:
    on a shared machine the processor time is the figure that does not count the waits for other work."""
    walls, cpus = [], []
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return walls, cpus
