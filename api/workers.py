"""Worker processes that evaluate jobs and can be killed when they run too long.

pyoxigraph has no query timeout and releases the GIL while it evaluates, so a thread running
a runaway query cannot be stopped. Each job therefore runs in a separate process that the
app kills (and replaces) when the time limit passes. The ``Pool`` bounds concurrency: a job
waits for a free worker, and when too many are waiting the request is refused with 503.

Readers open the store read-only. Updates go to a single writer process; after each one the
app bumps a *generation* number that travels with every job, and a reader whose store is
older reopens it first — so an update is visible to every query that starts after it
returns, in every worker.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import signal
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyoxigraph import Store

from .errors import ApiError, Busy, QueryTimeout
from .jobs import Limits, Reply

log = logging.getLogger("unkg.api")

# forkserver: workers start from a clean, single-threaded process, not a fork of the
# threaded server; pyoxigraph is imported once in the fork server.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["pyoxigraph", "unkg.api.jobs"])


@dataclass(frozen=True)
class _Crash:
    """An unexpected exception inside a worker, sent back so the app can log it as a 500."""

    traceback: str


def _open(path: str, writable: bool) -> Store:
    return Store(path) if writable else Store.read_only(path)


def _serve(conn: Connection, path: str, writable: bool, limits: Limits) -> None:
    """A worker's life: receive ``(job, generation)``, reply with a ``Reply`` or an error."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    store, generation = None, None
    while True:
        try:
            job, wanted = conn.recv()
        except EOFError:  # the app has gone
            return
        reply: Any
        try:
            if store is None or (wanted != generation and not writable):
                store, generation = _open(path, writable), wanted
            try:
                reply = job.run(store, limits)
                if writable:
                    store.flush()  # so that readers reopening the store see the change
            except OSError:
                if writable:
                    raise
                # A read-only view can lose files to the writer's compaction: reopen, retry once.
                store = _open(path, writable)
                reply = job.run(store, limits)
        except ApiError as e:
            reply = e
        except Exception:
            reply = _Crash(traceback.format_exc())
        conn.send(reply)


class _JobTimeout(Exception):
    pass


class _Worker:
    def __init__(self, path: Path, writable: bool, limits: Limits) -> None:
        self.conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(
            target=_serve,
            args=(child, str(path), writable, limits),
            daemon=True,
            name="unkg-worker",
        )
        self.process.start()
        child.close()

    def call(self, message: tuple, timeout: float) -> Any:
        """Send a job and wait for its reply (blocking: runs on a thread, never on the loop)."""
        self.conn.send(message)
        if not self.conn.poll(timeout):
            raise _JobTimeout
        return self.conn.recv()

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class Pool:
    """``size`` worker processes on one store, with a time limit and a bounded waiting line."""

    def __init__(
        self,
        store: Path,
        *,
        size: int,
        timeout: float,
        limits: Limits,
        max_pending: int,
        writable: bool = False,
    ) -> None:
        self.store, self.size, self.timeout = store, size, timeout
        self.limits, self.max_pending, self.writable = limits, max_pending, writable
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._waiting = 0
        self._all: set[_Worker] = set()
        self._replacing: set[asyncio.Future] = set()
        # Threads only wait on pipes and start processes; they never touch the store.
        self._threads = ThreadPoolExecutor(2 * size + 2, thread_name_prefix="unkg-pool")

    def _spawn(self) -> _Worker:
        worker = _Worker(self.store, self.writable, self.limits)
        self._all.add(worker)
        return worker

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        for worker in await asyncio.gather(
            *(loop.run_in_executor(self._threads, self._spawn) for _ in range(self.size))
        ):
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        for worker in list(self._all):
            worker.stop()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)

    async def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._threads, worker.stop)
        self._idle.put_nowait(await loop.run_in_executor(self._threads, self._spawn))

    def _settle(self, worker: _Worker, done: asyncio.Future) -> None:
        """Give the worker back, or replace it when it timed out or died."""
        if done.cancelled() or done.exception() is not None:
            task = asyncio.ensure_future(self._replace(worker))
            self._replacing.add(task)
            task.add_done_callback(self._replacing.discard)
        else:
            self._idle.put_nowait(worker)

    async def run(self, job: Any, generation: int) -> Reply:
        if self._idle.empty() and self._waiting >= self.max_pending:
            raise Busy(
                f"all {self.size} workers are busy and {self._waiting} requests are waiting; retry shortly",
                {"Retry-After": str(max(1, round(self.timeout / 4)))},
            )
        self._waiting += 1
        try:
            worker = await self._idle.get()
        finally:
            self._waiting -= 1
        loop = asyncio.get_running_loop()
        done = loop.run_in_executor(self._threads, worker.call, (job, generation), self.timeout)
        done.add_done_callback(lambda f: self._settle(worker, f))
        try:
            reply = await asyncio.shield(done)
        except _JobTimeout:
            raise QueryTimeout(
                f"stopped after the time limit of {self.timeout:g} s; narrow the patterns, add "
                f"LIMIT, or run it on a server started with a longer --timeout"
            ) from None
        except (EOFError, OSError) as e:
            raise RuntimeError(f"worker process {worker.process.pid} died: {e!r}") from e
        if isinstance(reply, ApiError):
            raise reply
        if isinstance(reply, _Crash):
            raise RuntimeError(f"worker failed:\n{reply.traceback}")
        return reply


class Backend:
    """The readers, the optional writer, and the store generation that ties them together."""

    def __init__(
        self,
        store: Path,
        *,
        workers: int,
        timeout: float,
        limits: Limits,
        max_pending: int,
        writable: bool,
    ) -> None:
        self.readers = Pool(
            store, size=workers, timeout=timeout, limits=limits, max_pending=max_pending
        )
        self.writer = (
            Pool(
                store,
                size=1,
                timeout=timeout,
                limits=limits,
                max_pending=max_pending,
                writable=True,
            )
            if writable
            else None
        )
        self.generation = 0

    async def start(self) -> None:
        await self.readers.start()
        if self.writer:
            await self.writer.start()

    async def close(self) -> None:
        await self.readers.close()
        if self.writer:
            await self.writer.close()

    async def read(self, job: Any) -> Reply:
        return await self.readers.run(job, self.generation)

    async def write(self, job: Any) -> Reply:
        assert self.writer is not None, "writes are refused before they reach the backend"
        try:
            return await self.writer.run(job, self.generation)
        finally:
            # Even a failed or killed update may have committed: readers reopen either way.
            self.generation += 1
