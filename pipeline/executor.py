"""Where the per-file work runs: a local pool of sandboxed workers, or a Dask cluster.

Both run the same function, `guarded_extract(task, limits)`, which calls
`pipeline.run.extract_reports` in a Sandbox child process; so a file that
crashes, loops or eats memory becomes an error row on a cluster just as on a
laptop. Both hand back Reports as they finish, keeping only a window of
files in flight, so nothing grows with the number of files.
"""
from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass

from pipeline.errors import one_line
from pipeline.sandbox import Sandbox, WorkerError, WorkerStartError

WORK = "pipeline.run:extract_reports"


@dataclass(frozen=True)
class Task:
    path: str  # as the worker must open it: on a cluster, a path on shared storage
    source_file: str
    report_id: str


@dataclass(frozen=True)
class Limits:
    time_limit: float = 120.0  # seconds per file
    memory_limit_mb: float = 2048.0  # resident memory of the worker process
    max_calls: int = 1000  # files per worker process before it is replaced (also above half its memory limit)


_local = threading.local()  # one sandbox per thread, in this process or in a Dask worker's
_all_sandboxes: list[Sandbox] = []
_lock = threading.Lock()


def _sandbox(limits: Limits) -> Sandbox:
    box = getattr(_local, "sandbox", None)
    if box is None:
        # jieba's dictionary (a second to load) is loaded before the first file's clock starts
        box = Sandbox(limits.time_limit, limits.memory_limit_mb,
                      preload=(WORK.split(":")[0], "pipeline.text_checks:warm"),
                      max_calls=limits.max_calls)
        _local.sandbox = box
        with _lock:
            _all_sandboxes.append(box)
    box.time_limit, box.memory_limit_mb, box.max_calls = limits.time_limit, limits.memory_limit_mb, limits.max_calls
    return box


def guarded_extract(task: Task, limits: Limits, work: str = WORK) -> list:
    """The per-file work: extract one file's reports in a sandbox; a crash, timeout or memory
    blow-up becomes the file's error row instead of stopping the batch."""
    from pipeline.report import Report

    try:
        return _sandbox(limits).call(work, task.path, task.source_file, task.report_id)
    except WorkerError as e:
        return [Report(report_id=task.report_id, source_file=task.source_file, error=str(e))]


def close_sandboxes() -> None:
    with _lock:
        for box in _all_sandboxes:
            box.stop()
        _all_sandboxes.clear()


def _windowed(submit, wait_some, tasks: Iterable[Task], window: int) -> Iterator:
    """Submit at most `window` tasks ahead; yield (task, future) as they finish."""
    pending: dict = {}
    it = iter(tasks)
    for task in it:
        pending[submit(task)] = task
        if len(pending) >= window:
            break
    while pending:
        for fut in wait_some(list(pending)):
            task = pending.pop(fut)
            nxt = next(it, None)
            if nxt is not None:
                pending[submit(nxt)] = nxt
            yield task, fut


class LocalExecutor:
    """`jobs` threads, each driving its own sandboxed worker process."""

    def __init__(self, jobs: int, limits: Limits, work: str = WORK):
        self.jobs, self.limits, self.work = jobs, limits, work

    def run(self, tasks: Iterable[Task]) -> Iterator:
        with ThreadPoolExecutor(self.jobs, thread_name_prefix="extract") as pool:
            try:
                for task, fut in _windowed(lambda t: pool.submit(guarded_extract, t, self.limits, self.work),
                                           lambda fs: wait(fs, return_when=FIRST_COMPLETED).done,
                                           tasks, 2 * self.jobs):
                    yield _result(task, fut.result)
            finally:
                # on an early exit (Ctrl-C) running files are killed, not waited for; their rows are dropped
                with _lock:
                    for box in _all_sandboxes:
                        box.kill()
                pool.shutdown(wait=True, cancel_futures=True)
                close_sandboxes()

    def describe(self) -> str:
        return f"{self.jobs} local worker{'s' if self.jobs > 1 else ''}"


class DaskExecutor:
    """The same work on Dask distributed: a scheduler's address, or a LocalCluster of `jobs` workers."""

    def __init__(self, jobs: int, limits: Limits, scheduler: str | None = None, work: str = WORK):
        try:
            import distributed  # noqa: F401 - a clear message, not an ImportError from inside run()
        except ImportError:
            raise RuntimeError("the dask executor needs dask distributed: pip install 'govreport[dask]'") from None
        self.jobs, self.limits, self.scheduler, self.work = jobs, limits, scheduler, work
        self.client = self.cluster = None

    def _connect(self) -> None:
        from distributed import Client, LocalCluster

        if self.scheduler:
            try:
                self.client = Client(self.scheduler)
            except (OSError, TimeoutError) as e:
                raise RuntimeError(f"cannot reach the Dask scheduler at {self.scheduler}: {e}") from None
        else:
            # one thread per worker process: each thread drives a sandbox process of its own
            self.cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, dashboard_address=None)
            self.client = Client(self.cluster)

    def run(self, tasks: Iterable[Task]) -> Iterator:
        from distributed import as_completed

        self._connect()
        try:
            window = 2 * max(1, sum(self.client.nthreads().values()))
            done = as_completed()

            def submit(task):
                fut = self.client.submit(guarded_extract, task, self.limits, self.work, pure=False)
                done.add(fut)
                return fut

            for task, fut in _windowed(submit, lambda _futures: [next(done)], tasks, window):
                yield _result(task, fut.result)
                fut.release()
        finally:
            self.close()

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        if self.cluster is not None:
            self.cluster.close()
        self.client = self.cluster = None

    def describe(self) -> str:
        return f"dask at {self.scheduler or 'a LocalCluster'}"


def _result(task: Task, get) -> list:
    """The task's reports, or an error row when the executor itself failed (a Dask worker lost, say).
    Raises WorkerStartError: no worker can run any file (the run stops, its batches kept)."""
    from pipeline.report import Report

    try:
        return get()
    except WorkerStartError:
        raise
    except Exception as error:  # noqa: BLE001 - the file gets the reason, the batch goes on
        return [Report(report_id=task.report_id, source_file=task.source_file, error=one_line(error))]
