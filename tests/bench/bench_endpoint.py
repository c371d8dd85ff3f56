"""Latency and throughput of ``unkg serve`` against ``oxigraph serve`` on copies of one store.

For a cheap lookup (one resolution's triples) and an aggregate (most cited resolutions), at 1
and 8 concurrent clients (separate processes, keep-alive connections, JSON results), it
prints p50/p95 latency and requests per second for both servers, and the ratios the issue
sets as targets (cheap: >= 0.5x Oxigraph's throughput at 8 clients; aggregate: p50 <= 1.5x).
Run: ``python tests/bench/bench_endpoint.py [--seconds 8] [--resolutions 2000] [--store DIR]``.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

import httpx
from servers import AGGREGATE, CHEAP, oxigraph_serve, started, synthetic_store, unkg_serve

ACCEPT = {"accept": "application/sparql-results+json"}


def client(url: str, kind: str, seconds: float, resolutions: int, seed: int) -> tuple[list[float], int]:
    """One client: send the query back to back for ``seconds``; latencies and failures."""
    rng = random.Random(seed)
    latencies, failures = [], 0
    with httpx.Client(timeout=60, headers=ACCEPT) as http:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            query = CHEAP.format(n=rng.randrange(resolutions)) if kind == "cheap" else AGGREGATE
            t = time.perf_counter()
            response = http.get(url, params={"query": query})
            latencies.append(time.perf_counter() - t)
            failures += response.status_code != 200
    return latencies, failures


def measure(url: str, kind: str, clients: int, seconds: float, resolutions: int) -> dict:
    with Pool(clients) as pool:
        pool.starmap(client, [(url, kind, 1.0, resolutions, i) for i in range(clients)])  # warm up
        results = pool.starmap(client, [(url, kind, seconds, resolutions, 100 + i) for i in range(clients)])
    latencies = sorted(x for lat, _ in results for x in lat)
    return {
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * latencies[int(0.95 * (len(latencies) - 1))],
        "rps": len(latencies) / seconds,
        "failures": sum(f for _, f in results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--resolutions", type=int, default=2000, help="size of the synthetic store")
    parser.add_argument("--store", type=Path, help="benchmark a copy of this store instead")
    parser.add_argument("--workers", type=int, default=4, help="unkg serve --workers")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        ours, theirs = Path(tmp) / "unkg", Path(tmp) / "oxigraph"
        if args.store:
            shutil.copytree(args.store, ours)
        else:
            synthetic_store(ours, args.resolutions)
        shutil.copytree(ours, theirs)
        servers = {"unkg serve": unkg_serve(ours, "--workers", str(args.workers)), "oxigraph serve": oxigraph_serve(theirs)}
        figures = {}
        for name, (command, url) in servers.items():
            with started(command, url):
                for kind in ("cheap", "aggregate"):
                    for clients in (1, 8):
                        figures[name, kind, clients] = measure(url, kind, clients, args.seconds, args.resolutions)

    print(f"{os.cpu_count()} CPUs; {args.seconds:g} s per cell; unkg serve --workers {args.workers}\n")
    print("| query | clients | server | p50 ms | p95 ms | requests/s |")
    print("|---|---|---|---|---|---|")
    for (name, kind, clients), f in figures.items():
        assert f["failures"] == 0, (name, kind, clients, f)
        print(f"| {kind} | {clients} | {name} | {f['p50_ms']:.1f} | {f['p95_ms']:.1f} | {f['rps']:.0f} |")
    cheap = figures["unkg serve", "cheap", 8]["rps"] / figures["oxigraph serve", "cheap", 8]["rps"]
    aggregate = figures["unkg serve", "aggregate", 1]["p50_ms"] / figures["oxigraph serve", "aggregate", 1]["p50_ms"]
    print(f"\ncheap, 8 clients: unkg/oxigraph throughput = {cheap:.2f} (target >= 0.5)")
    print(f"aggregate, 1 client: unkg/oxigraph p50 = {aggregate:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
