"""Extraction throughput on one core: MB/s and documents/s over a generated corpus.

The corpus is the nine real resolutions (French seeds, English dev set) repeated and varied:
each copy renumbers every ``NN/NNN`` symbol and shifts years, so no two texts are equal.
Run: ``python tests/bench/bench_extract.py [--docs 1000] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import re
import time
from importlib.resources import files
from pathlib import Path

from unkg.kg.extract import extract_text

HERE = Path(__file__).resolve().parent
BASE = [p.read_text("utf-8") for p in sorted(Path(str(files("unkg.kg.sample_corpus"))).glob("*.txt"))]
BASE += [p.read_text("utf-8") for p in sorted((HERE.parent / "data" / "dev-en").glob("*.md"))]
_SYMBOL = re.compile(r"\b(\d{2})/(\d{1,3})\b")


def corpus(n: int, seed: int = 7) -> list[str]:
    """``n`` texts made from the real ones, each with its numbers varied."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        base = BASE[i % len(BASE)]
        shift = rng.randint(1, 20)
        out.append(_SYMBOL.sub(lambda m, s=shift: f"{int(m.group(1)) + s}/{int(m.group(2)) + s}", base))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=1000, help="documents in the generated corpus (default 1000)")
    ap.add_argument("--profile", action="store_true", help="print the 20 most expensive functions")
    args = ap.parse_args()
    texts = corpus(args.docs)
    size = sum(len(t.encode("utf-8")) for t in texts)
    extract_text(texts[0])  # load the gazetteer and compile patterns outside the timing
    prof = cProfile.Profile() if args.profile else None
    if prof:
        prof.enable()
    t0 = time.perf_counter()
    refs = 0
    for t in texts:
        refs += len(extract_text(t).references)
    elapsed = time.perf_counter() - t0
    if prof:
        prof.disable()
    mb = size / 1e6
    print(f"documents        {len(texts)}")
    print(f"input            {mb:.1f} MB")
    print(f"references       {refs}")
    print(f"time             {elapsed:.2f} s (one core)")
    print(f"throughput       {mb / elapsed:.2f} MB/s, {len(texts) / elapsed:.0f} documents/s")
    print(f"vs eyecite 10 MB/s target: {mb / elapsed / 10:.2f}x")
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(20)


if __name__ == "__main__":
    main()
