"""Load test: 8 clients for 60 s against ``unkg serve`` on 127.0.0.1, mixing cheap lookups,
heavy aggregates, runaway queries and malformed requests.

Passes when no response is a 5xx, no connection drops, and the server's memory (main process
and workers) ends near where it started. Prints status counts, latency per kind and memory.
Run: ``python tests/bench/load.py [--seconds 60] [--clients 8] [--timeout 3]``.
"""

from __future__ import annotations

import argparse
import collections
import random
import statistics
import sys
import tempfile
import threading
import time
from multiprocessing import Pool
from pathlib import Path

import httpx
from servers import AGGREGATE, CHEAP, RUNAWAY, rss_kib, started, synthetic_store, unkg_serve

RESOLUTIONS = 2000
# (kind, share of requests, how to send it)
MALFORMED = [
    ("GET", {"query": "SELECT * WHERE { ?s ?p"}, {}, None),  # syntax error
    ("POST", {}, {"content-type": "text/plain"}, b"ASK {}"),  # 415
    ("GET", {"query": "SELECT * {}"}, {"accept": "image/png"}, None),  # 406
    ("GET", {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}, {}, None),
    ("PUT", {"query": "ASK {}"}, {}, None),  # 405
    ("POST", {}, {"content-type": "application/sparql-update"}, b"CLEAR ALL"),  # 403: read-only
]
MIX = [("cheap", 0.6), ("aggregate", 0.2), ("malformed", 0.17), ("runaway", 0.03)]


def client(url: str, seconds: float, seed: int) -> tuple[list[tuple[str, int, float]], int]:
    """Send the mix for ``seconds``: (kind, status, latency) per request, and dropped connections."""
    rng = random.Random(seed)
    kinds, weights = zip(*MIX, strict=True)
    done, dropped = [], 0
    with httpx.Client(timeout=120) as http:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            kind = rng.choices(kinds, weights)[0]
            if kind == "malformed":
                method, params, headers, body = rng.choice(MALFORMED)
            else:
                query = {"cheap": CHEAP.format(n=rng.randrange(RESOLUTIONS)), "aggregate": AGGREGATE, "runaway": RUNAWAY}[kind]
                method, params, headers, body = "GET", {"query": query}, {}, None
            t = time.perf_counter()
            try:
                status = http.request(method, url, params=params, headers=headers, content=body).status_code
            except httpx.TransportError:
                dropped += 1
                continue
            done.append((kind, status, time.perf_counter() - t))
    return done, dropped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=3, help="unkg serve --timeout")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        store = synthetic_store(Path(tmp) / "store", RESOLUTIONS)
        command, url = unkg_serve(store, "--timeout", str(args.timeout))
        with started(command, url) as server:
            memory: list[tuple[float, int]] = []
            stop = threading.Event()

            def sample() -> None:
                start = time.monotonic()
                while not stop.wait(1.0):
                    memory.append((time.monotonic() - start, rss_kib(server.pid)))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            with Pool(args.clients) as pool:
                results = pool.starmap(client, [(url, args.seconds, i) for i in range(args.clients)])
            stop.set()
            sampler.join()

    requests = [r for done, _ in results for r in done]
    dropped = sum(d for _, d in results)
    statuses = collections.Counter(status for _, status, _ in requests)
    print(f"{len(requests)} requests from {args.clients} clients in {args.seconds:g} s; time limit {args.timeout:g} s")
    print("status counts:", dict(sorted(statuses.items())))
    for kind, _ in MIX:
        latencies = sorted(lat for k, _, lat in requests if k == kind)
        if latencies:
            p95 = latencies[int(0.95 * (len(latencies) - 1))]
            print(f"  {kind:10} n={len(latencies):6}  p50 {1000 * statistics.median(latencies):8.1f} ms  p95 {1000 * p95:8.1f} ms")
    early = [kib for t, kib in memory if t <= 10]
    late = [kib for t, kib in memory if t >= memory[-1][0] - 10]
    print(f"memory (server + workers): first 10 s {statistics.mean(early) / 1024:.0f} MiB, last 10 s {statistics.mean(late) / 1024:.0f} MiB, max {max(k for _, k in memory) / 1024:.0f} MiB")
    errors = sum(n for status, n in statuses.items() if status >= 500)
    print(f"5xx: {errors}; dropped connections: {dropped}")
    sys.exit(1 if errors or dropped else 0)


if __name__ == "__main__":
    main()
