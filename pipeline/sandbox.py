"""A child process that runs one call at a time under a time limit and a memory guard.

A PDF can make a parser loop, eat memory or crash in C code. Running each
file in a long-lived child process (not a thread, not the batch's own
process) lets the parent kill it and go on: the file gets an error with a
one-line reason, and the next file a fresh child. The child is a plain
`python -m pipeline.sandbox` (not multiprocessing), so it also starts from
inside Dask's daemonic worker processes, which may not fork pool children.

Protocol over a socket pair (multiprocessing's framing and pickling):
child -> "ready"; parent -> (function "module:name", args); child -> ("ok",
result) or ("error", reason). The child exits when the parent goes away.
"""
from __future__ import annotations

import importlib
import os
import signal
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Connection

from pipeline.errors import one_line


class WorkerError(Exception):
    """The call did not return: it raised, ran out of time or memory, or the child died."""


class WorkerStartError(RuntimeError):
    """No worker process can do the work: it cannot be started (the interpreter cannot be run,
    the child died importing the pipeline), it cannot import what it reads files with, or it is
    past its memory limit before its first file. A fault of the machine, the installation or
    the limits, not of a file, so the run stops rather than give every file an error row that
    later runs would keep."""


def _resolve(ref: str):
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


def _rss_mb(pid: int) -> float:
    import psutil

    try:
        return psutil.Process(pid).memory_info().rss / 2**20
    except psutil.Error:
        return 0.0


class Sandbox:
    """One child process, started on first use and after it is killed or recycled."""

    def __init__(self, time_limit: float = 120.0, memory_limit_mb: float = 2048.0,
                 preload: tuple[str, ...] = (), max_calls: int = 1000):
        self.time_limit, self.memory_limit_mb = time_limit, memory_limit_mb
        self.preload, self.max_calls = preload, max_calls
        self.proc: subprocess.Popen | None = None
        self.conn: Connection | None = None
        self.calls = 0

    def _start(self) -> None:
        ours, theirs = socket.socketpair()
        cmd = [sys.executable, "-m", "pipeline.sandbox", str(theirs.fileno()),
               str(int(self.memory_limit_mb)), *self.preload]
        # the child finds modules where this process does (a notebook's or a test's sys.path)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p and os.path.isdir(p))}
        try:
            self.proc = subprocess.Popen(cmd, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=env)
        except OSError as e:
            raise WorkerStartError(f"cannot start an extraction worker ({sys.executable}): {one_line(e)}") from None
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        self.calls = 0
        # the time limit is the file's: the child's imports are waited for apart
        try:
            ready = self.conn.poll(120) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.stop()
            raise WorkerStartError("an extraction worker did not start within 120 s, or died starting "
                                   "(a traceback above, if it printed one)")
        idle = _rss_mb(self.proc.pid)
        if idle > self.memory_limit_mb:  # every file would stop at the limit
            self.stop()
            raise WorkerStartError(f"the memory limit ({self.memory_limit_mb:g} MB) is below what an idle "
                                   f"extraction worker holds ({idle:.0f} MB): raise --memory-limit")

    def kill(self) -> None:
        """Kill the child from any thread; the thread inside call() then returns a WorkerError."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.kill()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.conn is not None:
            self.conn.close()
        self.proc = self.conn = None

    def call(self, ref: str, *args):
        if self.proc is None or self.proc.poll() is not None:
            self.stop()
            self._start()
        try:
            self.conn.send((ref, args))
        except OSError:
            self.stop()
            raise WorkerError("extraction worker went away") from None
        deadline = time.monotonic() + self.time_limit
        while not self.conn.poll(0.05):
            if self.proc.poll() is not None:
                code = self.proc.returncode
                self.stop()
                raise WorkerError(_death(code))
            if time.monotonic() > deadline:
                self.stop()
                raise WorkerError(f"time limit exceeded: stopped after {self.time_limit:g} s")
            if _rss_mb(self.proc.pid) > self.memory_limit_mb:
                self.stop()
                raise WorkerError(f"memory limit exceeded: stopped above {self.memory_limit_mb:g} MB")
        try:
            kind, value = self.conn.recv()
        except (EOFError, OSError):
            code = self.proc.wait()
            self.stop()
            raise WorkerError(_death(code)) from None
        self.calls += 1
        if kind != "ok" or self.calls >= self.max_calls or self._grown():
            self.stop()
        if kind == "broken":
            raise WorkerStartError(f"the extraction worker cannot import what it reads files with "
                                   f"({value}): the installation is broken")
        if kind != "ok":
            raise WorkerError(value)
        return value

    def _grown(self) -> bool:
        """The child holds more than half its memory limit between files: replaced now, before a
        leak stops a file of its own (a start costs about 0.9 s; a worker reading text-layer
        reports grew 11 MB over 1,000 of them, so it is also replaced every `max_calls` files)."""
        return _rss_mb(self.proc.pid) > self.memory_limit_mb / 2


def _death(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        return f"extraction worker crashed ({name})"
    return f"extraction worker exited with code {code}"


def _die_with_parent() -> None:
    """Linux: have the kernel kill this child when its parent dies (a SIGKILLed batch leaves no orphans)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _limit_address_space(memory_limit_mb: int) -> None:
    """A backstop for the parent's RSS watch: one huge allocation fails here as MemoryError
    before the parent's next look. Set above what the child has mapped already."""
    try:
        import resource

        import psutil

        base = psutil.Process().memory_info().vms
        limit = base + memory_limit_mb * 2**20 * 2
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):
        pass


def _serve(fd: int, memory_limit_mb: int, preload: list[str]) -> None:
    _die_with_parent()
    # Ctrl-C on a terminal reaches the whole process group: the parent decides what stops,
    # else an interrupted file would come back as a bogus error row
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for entry in preload:  # "module", or "module:function" to call once imported
        module, _, function = entry.partition(":")
        loaded = importlib.import_module(module)
        if function:
            getattr(loaded, function)()
    _limit_address_space(memory_limit_mb)
    conn = Connection(fd)
    conn.send("ready")
    while True:
        try:
            ref, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = ("ok", _resolve(ref)(*args))
        except MemoryError:
            conn.send(("error", f"memory limit exceeded: out of memory above {memory_limit_mb} MB"))
            return  # a process that ran out of memory may be in a bad state: start afresh
        except ImportError as e:  # the installation's fault, not the file's: the parent stops the run
            reply = ("broken", one_line(e))
        except Exception as e:  # noqa: BLE001 - reported to the parent as the file's error
            reply = ("error", one_line(e))
        try:
            conn.send(reply)
        except OSError:
            return


if __name__ == "__main__":
    # one worker per core already: numeric libraries' own thread pools would only oversubscribe
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _serve(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:])
