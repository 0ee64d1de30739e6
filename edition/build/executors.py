"""Where a build's per-document tasks run: in this process, in local worker processes, or on Dask.

Every executor has one method, ``map(function, jobs)``, which yields the results in the order of the
jobs as they become available (a progress bar can follow them). The tasks (``edition/build/tasks.py``) read
and write files by path, so every worker must see the project and its output folder at the same paths
(on one machine always; on a cluster, a shared file system — see docs/corpus.md).

saxonche holds the interpreter lock while it transforms, so threads would not help: local workers are
processes, each compiling the stylesheets and loading the schema once (``tasks.warm``).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Iterable, Iterator

from ..errors import ConfigError

EXECUTORS = ("local", "dask")


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


class Serial:
    """Every task in this process, one after the other (``--jobs 1``). ``warm``: compile the stylesheets and
    load the schema first, else each when it is first used (beside a ``PrintAside``, whose worker waits for
    the first TEI this process writes)."""

    jobs = 1

    def __init__(self, warm: bool = True) -> None:
        self.warm = warm

    def map(self, function: Callable, jobs: Iterable, here: Callable | None = None) -> Iterator:
        from .tasks import warm

        if self.warm:
            warm()
        return map(function, jobs)


def _may_fork() -> bool:
    """Can a worker be a copy of this process (no new interpreter, no imports again)? Only while it has
    started neither Saxon nor another thread."""
    import threading

    from .. import xslt

    return xslt._processor is None and threading.active_count() == 1 and \
        "fork" in multiprocessing.get_all_start_methods()


class _Pool:
    """A pool of worker processes of this build (``self.pool``): closed when its work is done (``close``), or
    stopped at once whatever it is doing (``discard``: one started before it was known to be wanted, by
    ``workers_ahead`` or ``print_aside_ahead``); either once."""

    closed = False

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.pool.shutdown(wait=True, cancel_futures=True)

    def discard(self) -> None:
        if self.closed:
            return
        self.closed = True
        for process in list((getattr(self.pool, "_processes", None) or {}).values()):
            process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)


class Processes(_Pool):
    """Tasks in ``jobs`` worker processes of this machine. ``fork``: the workers are copies of this process
    when it may be copied (``_may_fork``; they start at once), else, as always without it, they start from a
    clean process (forkserver), not a copy of one that may already run Saxon.

    ``map(function, jobs, here=…)`` runs the jobs ``here`` says are cheap (a document whose outputs are
    taken from the previous build: no stylesheet, no schema) in this process while the workers make the
    others: after a one-file change, the changed document is converted, rendered and packaged on one core
    while the 999 others are taken over on the other."""

    def __init__(self, jobs: int, fork: bool = False) -> None:
        from .tasks import warm

        self.jobs = jobs
        fork = fork and _may_fork()
        self.pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(
            "fork" if fork else "forkserver"), initializer=warm)
        if fork:
            self.pool.submit(int)   # the workers are forked now, before this process starts Saxon or a thread

    def map(self, function: Callable, jobs: Iterable, here: Callable | None = None) -> Iterator:
        jobs = list(jobs)
        if here is None:
            return self.pool.map(function, jobs)
        return self._map_here(function, jobs, here)

    def submit(self, function: Callable, job):
        """A future of ``function(job)`` in a worker (the listing pages' transforms, ``site.write_site``)."""
        return self.pool.submit(function, job)

    def _map_here(self, function: Callable, jobs: list, here: Callable) -> Iterator:
        futures = {index: self.pool.submit(function, job) for index, job in enumerate(jobs) if not here(job)}
        done = {index: function(job) for index, job in enumerate(jobs) if index not in futures}
        for index in range(len(jobs)):
            yield done.pop(index) if index in done else futures.pop(index).result()


@contextlib.contextmanager
def workers_ahead(maybe: bool):
    """One forked worker (``Processes(1, fork=True)``) started before the build knows what changed, if
    ``maybe`` (a build of a project built before whose sources were written since, without the print
    edition, whose work may run on two cores)
    and this process may use two cores or more and may be forked, else None: it compiles the stylesheets
    and loads the schema while the build reads the sources and the previous output. The build takes it for
    its one changed document (``executor(..., ahead=)``), which closes it, else it is stopped; stopped when
    the block ends unless it was."""
    ahead = Processes(1, fork=True) if maybe and default_jobs() >= 2 and _may_fork() else None
    try:
        yield ahead
    finally:
        if ahead is not None:
            ahead.discard()


class PrintAside(_Pool):
    """One worker process of its own for the print edition, beside a build that converts in this process
    (one document to build on a machine of two cores or more): started with the build, it imports
    WeasyPrint and compiles print.xsl (``tasks.warm_print``) while this process converts the document, and
    lays out the PDF on another core while this one goes on. ``submit(job)`` gives a future of
    ``tasks.print_task(job)``."""

    def __init__(self) -> None:
        from .tasks import warm_print

        # a copy of this process while it may be copied; else from a clean process, as the other workers
        context = multiprocessing.get_context("fork" if _may_fork() else "forkserver")
        # set when the document is sent: the worker warms up further only while it waits (tasks.warm_print)
        self.document_sent = context.Event()
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=warm_print,
                                        initargs=(self.document_sent,))
        self.pool.submit(int)   # the worker starts now, not at the first print

    def submit(self, job):
        from .tasks import print_task

        self.document_sent.set()
        return self.pool.submit(print_task, job)


@contextlib.contextmanager
def print_aside_ahead(maybe: bool):
    """A ``PrintAside`` started before it is known whether the build wants one, if ``maybe`` and this process
    may use two cores or more, else None: ``edition build`` starts it before it reads the project, so that
    its worker warms up meanwhile; ``print_aside(wanted, ahead)`` takes it or stops it. Stopped at once when
    the block ends unless taken."""
    aside = PrintAside() if maybe and default_jobs() >= 2 else None
    try:
        yield aside
    finally:
        if aside is not None:
            aside.discard()


@contextlib.contextmanager
def print_aside(wanted: bool, ahead: PrintAside | None = None):
    """A ``PrintAside`` if ``wanted`` and this process may use two cores or more, else None; its worker is
    stopped when the block ends. ``ahead``: one of ``print_aside_ahead``, taken if wanted, else stopped."""
    wanted = wanted and default_jobs() >= 2
    if ahead is not None and not wanted:
        ahead.discard()
    aside = (ahead if ahead is not None and not ahead.closed else PrintAside()) if wanted else None
    try:
        yield aside
    finally:
        if aside is not None:
            aside.close()


class Dask:
    """Tasks on a Dask distributed cluster: the one at ``scheduler``, or a local cluster of worker processes."""

    def __init__(self, jobs: int, scheduler: str | None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise ConfigError("--executor dask needs Dask distributed: pip install 'edition[dask]'") from None
        self.cluster = None
        if scheduler:
            try:
                self.client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as exc:
                raise ConfigError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
        else:
            self.cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                        dashboard_address=None, silence_logs=40)
            self.client = Client(self.cluster)
        self.jobs = jobs

    def map(self, function: Callable, jobs: Iterable, here: Callable | None = None) -> Iterator:
        futures = self.client.map(function, list(jobs), pure=False)
        try:
            for future in futures:
                yield future.result()
        finally:
            self.client.cancel(futures)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


@contextlib.contextmanager
def executor(kind: str = "local", jobs: int | None = None, scheduler: str | None = None, warm: bool = True,
             beside: bool = False, ahead: Processes | None = None):
    """The executor of a build (closed when the block ends); ``warm``: as for ``Serial``. ``beside``: the
    build has documents to take over as well as documents to make, and may use two cores: the ones to make
    go to ``jobs`` forked workers even when ``jobs`` is 1 (``Processes``, its ``here``). ``ahead``: a worker
    of ``workers_ahead``, taken when one forked worker is what the build needs, else stopped."""
    jobs = jobs or default_jobs()
    if kind not in EXECUTORS:
        raise ConfigError(f"unknown executor {kind!r}: choose one of {', '.join(EXECUTORS)}")
    if ahead is not None:
        if kind == "local" and beside and jobs == 1 and default_jobs() >= 2:
            try:
                yield ahead
            finally:
                ahead.close()
            return
        ahead.discard()
    if kind == "dask":
        chosen = Dask(jobs, scheduler)
    elif beside and default_jobs() >= 2:
        chosen = Processes(jobs, fork=True)
    elif jobs == 1:
        chosen = Serial(warm)
    else:
        chosen = Processes(jobs)
    try:
        yield chosen
    finally:
        close = getattr(chosen, "close", None)
        if close is not None:
            close()
