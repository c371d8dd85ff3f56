"""Export memory: the peak resident memory of ``unkg export`` for stores of growing size.

The exports stream (pyoxigraph's serializers over the store's quads), so the peak should stay
flat while the store grows; this prints the peak for each size and the ratio to the smallest.

    python tests/bench/bench_export_memory.py [--sizes 250 1000 4000] [--formats nquads jsonld]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_build import make_corpus

from unkg.kg.build import build

_CHILD = """
import sys, threading, time
from unkg.kg.cli import main
peak = {"RssAnon": 0, "RssFile": 0}
def sample():
    while True:
        for line in open("/proc/self/status"):
            key, _, value = line.partition(":")
            if key in peak:
                peak[key] = max(peak[key], int(value.split()[0]))
        time.sleep(0.02)
threading.Thread(target=sample, daemon=True).start()
sys.argv = sys.argv[1:]
try:
    main()
except SystemExit:
    pass
time.sleep(0.05)
print(peak["RssAnon"], peak["RssFile"], file=sys.stderr)
"""


def peak_export(store: Path, fmt: str, out: Path) -> tuple[float, float, float, int]:
    """(peak anonymous MB, peak file-backed MB, seconds, bytes written) of one `unkg export`.

    Resident memory is split as Linux reports it: anonymous pages are the process's own
    memory (what streaming keeps flat); file-backed pages are the store's files mapped by
    RocksDB, which the kernel can drop at will and which grow with what is read.
    """
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, "unkg", "export", "--store", str(store), "-f", fmt, "-o", str(out)],
        capture_output=True, text=True, check=True,
    )
    seconds = time.perf_counter() - started
    anon_kb, file_kb = map(int, done.stderr.strip().splitlines()[-1].split())
    return anon_kb / 1024, file_kb / 1024, seconds, out.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 4000], help="documents per store")
    parser.add_argument("--formats", nargs="+", default=["nquads", "trig", "jsonld"])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="unkg-export-"))
    try:
        rows = []
        for size in args.sizes:
            corpus, store = work / f"corpus-{size}", work / f"store-{size}"
            corpus.mkdir()
            make_corpus(corpus, size)
            build([corpus], store, progress=False)
            for fmt in args.formats:
                mb, mapped, seconds, written = peak_export(store, fmt, work / f"out-{size}.{fmt}")
                rows.append((size, fmt, mb, seconds, written))
                print(f"{size:>6} documents  {fmt:<7} peak anonymous {mb:7.1f} MB  (store files mapped {mapped:7.1f} MB)"
                      f"  {seconds:6.1f} s  {written / 1e6:8.1f} MB written", flush=True)
        base = {fmt: mb for size, fmt, mb, _, _ in rows if size == args.sizes[0]}
        print("\npeak anonymous memory relative to the smallest store (flat = streaming):")
        for size, fmt, mb, _, _ in rows:
            print(f"{size:>6} documents  {fmt:<7} {mb / base[fmt]:.2f}x")
        print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
