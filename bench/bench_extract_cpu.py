"""Extraction speed as CPU time, for comparing two checkouts on a busy machine.

Usage: PYTHONPATH=CHECKOUT python bench/bench_extract_cpu.py [N]

Wall-clock figures (bench_extract.py) move by a factor of two when other processes share the
cores; the CPU time of one process moves much less. Run it for two checkouts in turn, a few
times each, and compare: articles/s of `extract_article` over the first N PolNeAR train texts
(default 300), best of three passes after a warm-up.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from archive.extract import extract_article

TEXTS = (
    Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "polnear" / "train" / "text"
)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))[:n]]
    for text in texts:  # warm-up: lazy tables, caches
        extract_article(text)
    best = 0.0
    for _ in range(3):
        start = time.process_time()
        for text in texts:
            extract_article(text)
        best = max(best, len(texts) / (time.process_time() - start))
    print(f"{best:.1f} articles/s (CPU time, {len(texts)} articles)")


if __name__ == "__main__":
    main()
