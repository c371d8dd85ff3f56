"""Build throughput: documents/s and triples/s of ``unkg build`` on a generated corpus, and the
store's size on disk.

The corpus is the bundled seeds repeated with renumbered symbols (every copy is a distinct
resolution citing distinct resolutions), so extraction and loading do real work on each file.

    python tests/bench/bench_build.py --documents 10000 [--jobs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import tempfile
import time
from importlib.resources import files
from pathlib import Path

from pyoxigraph import Store

from unkg.kg.build import build

_NUMBER_AFTER_SLASH = re.compile(r"(?<=/)(\d{2,4})\b")


def make_corpus(folder: Path, documents: int) -> int:
    """Writes ``documents`` files; returns their total size in bytes."""
    seeds = sorted(Path(str(files("unkg.kg.sample_corpus"))).glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    size = 0
    for i in range(documents):
        shift = 10_000 * (i // len(texts) + 1)
        text = _NUMBER_AFTER_SLASH.sub(lambda m, s=shift: str(int(m.group(1)) + s), texts[i % len(texts)])
        path = folder / f"{i:06d}_{seeds[i % len(seeds)].name}"
        path.write_text(text, encoding="utf-8")
        size += path.stat().st_size
    return size


def disk_usage(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=None, help="extraction processes (default: one per core)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the corpus and store in this folder")
    args = parser.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="unkg-bench-"))
    corpus, store = work / "corpus", work / "store"
    corpus.mkdir(parents=True, exist_ok=True)
    size = make_corpus(corpus, args.documents)
    print(f"corpus: {args.documents:,} documents, {size / 1e6:.1f} MB, {os.cpu_count()} cores, jobs={args.jobs or os.cpu_count()}")

    started = time.perf_counter()
    summary = build([corpus], store, jobs=args.jobs, progress=True)
    seconds = time.perf_counter() - started
    built = len(summary.added) + len(summary.replaced)
    quads = len(Store(str(store)))
    print(f"build: {built:,} documents ({len(summary.failed)} failed), {summary.triples:,} triples in {seconds:.1f} s")
    print(f"throughput: {built / seconds:,.1f} documents/s, {summary.triples / seconds:,.0f} triples/s")
    print(f"store: {quads:,} quads, {disk_usage(store) / 1e6:,.0f} MB on disk ({disk_usage(store) / max(quads, 1):.0f} bytes/quad)")

    started = time.perf_counter()
    again = build([corpus], store, jobs=args.jobs, progress=False)
    print(f"no-op rebuild: {len(again.skipped):,} skipped in {time.perf_counter() - started:.1f} s")
    if args.keep is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
