"""Worker processes that evaluate jobs and can be killed when they run too long.

pyoxigraph has no query timeout and releases the GIL while it evaluates, so a thread running
a runaway query cannot be stopped. Each job therefore runs in a separate process that the
app kills (and replaces) when the time limit passes. The ``Pool`` bounds concurrency: a job
waits for a free worker, and when too many are waiting the request is refused with 503.

Readers open the store read-only. Writes go to a single writer process, which publishes a
snapshot after each one; the path of the newest snapshot travels with every job, and a
reader holding an older one reopens first — so a write is visible to every query that
starts after it returns, in every worker (see ``Backend``).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import shutil
import signal
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pyoxigraph import Store

from .errors import ApiError, Busy, QueryTimeout
from .jobs import Limits, Reply, SnapshotJob

log = logging.getLogger("unkg.api")

# forkserver: workers start from a clean, single-threaded process, not a fork of the
# threaded server; pyoxigraph is imported once in the fork server.
_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["pyoxigraph", "unkg.api.jobs"])


@dataclass(frozen=True)
class _Crash:
    """An unexpected exception inside a worker, sent back so the app can log it as a 500."""

    traceback: str


def _serve(conn: Connection, path: str, writable: bool, limits: Limits) -> None:
    """A worker's life: receive ``(job, view)``, reply with a ``Reply`` or an error.

    The writer keeps the store at ``path`` open. A reader opens ``view`` read-only — the
    store itself when the server is read-only, else the writer's latest snapshot — and
    reopens whenever the app sends a newer view.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    store, opened = None, None
    while True:
        try:
            job, view = conn.recv()
        except EOFError:  # the app has gone
            return
        reply: Any
        try:
            if writable:
                store = store or Store(path)
            elif view != opened:
                store, opened = Store.read_only(view), view
            try:
                reply = job.run(store, limits)
            except (OSError, RuntimeError):
                if writable:
                    raise
                # An old snapshot pruned under a long query: reopen the view, retry once.
                store = Store.read_only(view)
                reply = job.run(store, limits)
        except ApiError as e:
            reply = e
        except Exception:
            reply = _Crash(traceback.format_exc())
        conn.send(reply)


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

    async def call(self, message: tuple, timeout: float) -> Any:
        """Send a job and await its reply without blocking the loop (or using a thread)."""
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        fd = self.conn.fileno()
        loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
        # uvloop's add_reader makes the pipe non-blocking; a reply over the pipe buffer
        # (64 KiB) then arrives in parts and recv() would fail with EAGAIN mid-message.
        os.set_blocking(fd, True)
        late = loop.call_later(
            timeout, lambda: readable.done() or readable.set_exception(TimeoutError())
        )
        try:
            self.conn.send(message)
            await readable
        finally:
            late.cancel()
            loop.remove_reader(fd)
        return self.conn.recv()  # the worker sends a reply in one piece, right away

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
        self._replacing: set[asyncio.Task] = set()

    def _spawn(self) -> _Worker:
        worker = _Worker(self.store, self.writable, self.limits)
        self._all.add(worker)
        return worker

    async def start(self) -> None:
        for worker in await asyncio.gather(
            *(asyncio.to_thread(self._spawn) for _ in range(self.size))
        ):
            self._idle.put_nowait(worker)

    async def close(self) -> None:
        for task in self._replacing:
            task.cancel()
        for worker in list(self._all):
            worker.stop()
        self._all.clear()

    async def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        await asyncio.to_thread(worker.stop)
        self._idle.put_nowait(await asyncio.to_thread(self._spawn))

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker whose job timed out, died or was abandoned, and start another."""
        task = asyncio.ensure_future(self._replace(worker))
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def run(self, job: Any, view: str) -> Reply:
        if self._idle.empty() and self._waiting >= self.max_pending:
            raise Busy(
                f"all {self.size} workers are busy and {self._waiting} requests are waiting; "
                "retry shortly",
                {"Retry-After": str(max(1, round(self.timeout / 4)))},
            )
        self._waiting += 1
        try:
            worker = await self._idle.get()
        finally:
            self._waiting -= 1
        try:
            reply = await worker.call((job, view), self.timeout)
        except TimeoutError:
            self._discard(worker)
            raise QueryTimeout(
                f"stopped after the time limit of {self.timeout:g} s; narrow the patterns, add "
                f"LIMIT, or run it on a server started with a longer --timeout"
            ) from None
        except (EOFError, OSError) as e:
            self._discard(worker)
            raise RuntimeError(f"worker process {worker.process.pid} died: {e!r}") from e
        except BaseException:  # cancelled (client gone): its late reply must not reach the next job
            self._discard(worker)
            raise
        self._idle.put_nowait(worker)
        if isinstance(reply, ApiError):
            raise reply
        if isinstance(reply, _Crash):
            raise RuntimeError(f"worker failed:\n{reply.traceback}")
        return reply


class Backend:
    """The readers, the optional writer, and the view of the store the readers open.

    Readers never open the directory the writer is writing (RocksDB compaction deletes
    files under a read-only opener). After each write the writer checkpoints the store
    (``Store.backup``: hard links, milliseconds) into a new snapshot directory, and only
    then does the write return: every query that starts afterwards opens that snapshot.
    """

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
        self.store, self.view = store, str(store)
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
        self._snapshots = store.with_name(f".{store.name}.snapshots")
        self._generation = 0
        self._write_lock = asyncio.Lock()

    async def start(self) -> None:
        if self.writer:
            await asyncio.to_thread(shutil.rmtree, self._snapshots, ignore_errors=True)
            self._snapshots.mkdir()
            await self.writer.start()
            await self._snapshot()
        await self.readers.start()

    async def close(self) -> None:
        await self.readers.close()
        if self.writer:
            await self.writer.close()
            await asyncio.to_thread(shutil.rmtree, self._snapshots, ignore_errors=True)

    async def read(self, job: Any) -> Reply:
        return await self.readers.run(job, self.view)

    async def write(self, job: Any) -> Reply:
        assert self.writer is not None, "writes are refused before they reach the backend"
        async with self._write_lock:
            try:
                return await self.writer.run(job, self.view)
            finally:
                # Even a failed or killed write may have committed: publish a snapshot anyway.
                await self._snapshot()

    async def _snapshot(self) -> None:
        assert self.writer is not None
        self._generation += 1
        target = self._snapshots / str(self._generation)
        await self.writer.run(SnapshotJob(str(target)), self.view)
        self.view = str(target)
        # Keep the previous snapshot for queries still running on it; drop older ones.
        stale = self._snapshots / str(self._generation - 2)
        await asyncio.to_thread(shutil.rmtree, stale, ignore_errors=True)
