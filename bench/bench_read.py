"""Listing, reading and parsing stored plain text files in one process: the per-file cost a
re-ingest pays before its hash look-up (no extraction, no database).

    python bench/bench_read.py            # the 10,000-article corpus of bench_ingest.py

Prints microseconds a file (best of three) and appends a JSON line to bench/results/read.jsonl.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_ingest import corpus
from bench.common import print_table, record


def main() -> int:
    from archive.ingest import pipeline as pl
    from archive.ingest.readers import iter_files

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    src = corpus(args.n, args.seed)
    options = pl.IngestOptions()
    best = float("inf")
    count = 0
    for _ in range(3):
        started = time.perf_counter()
        files = [str(p) for p in iter_files([src], None)]
        out = [pl.parse_unit(u, options) for u in pl.iter_units(files, options)]
        best = min(best, time.perf_counter() - started)
        count = len(out)
    rows = [{"files": count, "us_per_file": round(1e6 * best / count, 1)}]
    print_table("list + read + parse, one process, best of three", rows)
    record("read", rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
