"""A large archive end to end: generate N articles, ingest them, measure size and queries.

    python bench/bench_scale.py --n 1000000

Ingests into a fresh SQLite archive with `--jobs` workers (default: all cores), records
ingest time, articles/s, peak RSS and size on disk, then runs bench_query.py against the
result. Appends to bench/results/scale.jsonl (and query.jsonl).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_ingest import CACHE, corpus, ingest_cmd
from bench.common import print_table, record, run_measured


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    src = corpus(args.n, args.seed)
    db = CACHE / f"scale-{args.n}-{args.seed}.db"
    for p in CACHE.glob(db.name + "*"):
        p.unlink()
    url = f"sqlite:///{db}"
    cmd = ingest_cmd(src, url, args.jobs)
    code, seconds, rss, out, err = run_measured(cmd)
    if code not in (0, 1):
        raise SystemExit(err[-2000:])
    report = json.loads(out)
    size = sum(p.stat().st_size for p in CACHE.glob(db.name + "*"))
    rows = [
        {
            "articles": report["added"],
            "failed": report["failed"],
            "jobs": args.jobs,
            "seconds": round(seconds, 1),
            "articles_per_s": round(args.n / seconds, 1),
            "peak_rss_mib": rss,
            "size_gib": round(size / 2**30, 2),
        }
    ]
    print_table(f"ingest of {args.n:,} articles into SQLite", rows)
    print(f"appended to {record('scale', rows)}")
    subprocess.run(
        [sys.executable, str(Path(__file__).with_name("bench_query.py")), "--url", url], check=False
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
