"""`archive reextract` on SQLite and PostgreSQL: stored articles extracted again and replaced.

    python bench/bench_reextract.py --n 2000 --jobs 1 2 --db sqlite postgresql

Ingests a generated corpus (bench/corpus.py, cached under /tmp/archive-bench) into a fresh
archive per database, then times `archive reextract --all` (every article: read, extract,
delete the old rows, write the new, one transaction per batch) per --jobs value through the
`archive` command (a child process, so its peak RSS is measured alone), and then a default
`archive reextract` with nothing stale (the cost of asking). Prints a table and appends a
JSON line to bench/results/reextract.jsonl.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_ingest import _fresh_db, corpus, ingest_cmd
from bench.common import print_table, record, run_measured


def _run(cmd: list[str]) -> tuple[float, float, dict[str, object]]:
    code, seconds, rss, out, err = run_measured(cmd)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}):\n{err[-2000:]}")
    return seconds, rss, json.loads(out)


def reextract_cmd(url: str, jobs: int, everything: bool) -> list[str]:
    """The `archive reextract` command line measured."""
    cmd = [sys.executable, "-m", "archive", "reextract", "--db", url, "--json"]
    return cmd + ["--jobs", str(jobs)] + (["--all"] if everything else [])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=2_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    args = ap.parse_args()
    src = corpus(args.n, args.seed)
    rows = []
    for kind in args.db:
        url, drop = _fresh_db(kind)
        try:
            _run(ingest_cmd(src, url, max(args.jobs)))
            for jobs in args.jobs:
                seconds, rss, report = _run(reextract_cmd(url, jobs, everything=True))
                idle, _rss, idle_report = _run(reextract_cmd(url, jobs, everything=False))
                assert idle_report["reextracted"] == 0, idle_report
                rows.append(
                    {
                        "db": kind,
                        "jobs": jobs,
                        "articles": report["reextracted"],
                        "seconds": round(seconds, 2),
                        "articles_per_s": round(float(str(report["reextracted"])) / seconds, 1),
                        "nothing_stale_s": round(idle, 2),
                        "peak_rss_mib": round(rss, 1),
                        "failed": report["failed"],
                    }
                )
        finally:
            drop()  # type: ignore[operator]
    print_table(f"reextract --all of {args.n:,} stored articles (extract, replace)", rows)
    path = record("reextract", rows)
    print(f"appended to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
