"""Query latency: source, place and one-word full-text filters on a large archive.

    python bench/bench_query.py --n 100000 --db sqlite        # builds the archive once
    python bench/bench_query.py --url postgresql://.../bench  # an archive you already have

Each filter runs with many different values (the most mentioned sources and places, common
words), each value several times; p50 and p95 of the first page (20 articles, newest first,
with counts) through `Archive.search`, as the CLI and the API run it. Prints a table and
appends a JSON line to bench/results/query.jsonl.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_ingest import CACHE, corpus, ingest_cmd
from bench.common import print_table, record

WORDS = ["president", "campaign", "police", "syria", "economy", "said", "vote", "court"]


def build(n: int, db: str, seed: int) -> str:
    """An archive of n generated articles (made once, reused by later runs)."""
    if db == "sqlite":
        url = f"sqlite:///{CACHE / f'query-{n}-{seed}.db'}"
        if (CACHE / f"query-{n}-{seed}.db").is_file():
            return url
    else:
        url = db
    src = corpus(n, seed)
    cmd = ingest_cmd(src, url)
    subprocess.run(cmd, check=False, capture_output=True)
    return url


def _ms(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", default="sqlite", help="sqlite, or a URL to build into")
    ap.add_argument("--url", help="measure this existing archive instead")
    ap.add_argument("--values", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from archive import Archive

    url = args.url or build(args.n, args.db, args.seed)
    rng = random.Random(1)
    rows = []
    with Archive(url) as arc:
        articles = arc.stats().articles
        sources = [s.key for s in arc.top("source", limit=args.values * 3)]
        places = [p.key for p in arc.top("place", limit=args.values * 3)]
        cases: dict[str, list[dict[str, Any]]] = {
            "source": [{"source": s} for s in rng.sample(sources, min(args.values, len(sources)))],
            "place": [{"place": p} for p in rng.sample(places, min(args.values, len(places)))],
            "text (one word)": [{"text": w} for w in WORDS],
            "source + place + since": [
                {"source": s, "place": "United States", "since": "2016-01-01"}
                for s in sources[: args.values // 2]
            ],
        }
        for name, values in cases.items():
            times = []
            hits = 0
            for filters in values:
                arc.search(limit=20, **filters)  # warm this value's pages once
                for _ in range(args.repeat):
                    times.append(_ms(lambda f=filters: arc.search(limit=20, **f)))
                hits += len(arc.search(limit=20, **filters))
            times.sort()
            rows.append(
                {
                    "filter": name,
                    "queries": len(times),
                    "p50_ms": round(statistics.median(times), 2),
                    "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
                    "max_ms": round(times[-1], 2),
                    "avg_hits": round(hits / max(1, len(values)), 1),
                }
            )
        backend = arc.engine.dialect.name
    for r in rows:
        r["db"] = backend
        r["articles"] = articles
    print_table(f"query latency on {articles:,} articles ({backend})", rows)
    print(f"appended to {record('query', rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
