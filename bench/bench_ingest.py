"""Ingest end to end (read, parse, extract, store) on SQLite and PostgreSQL.

    python bench/bench_ingest.py --n 10000 --jobs 1 2 --db sqlite postgresql

Generates (once, cached under /tmp/archive-bench) a corpus of N unique articles with
bench/corpus.py, ingests it into a fresh archive per configuration through the `archive`
command (a child process, so its peak RSS is measured alone), then ingests it again to time
the all-duplicates path. Prints a table and appends a JSON line to bench/results/ingest.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import print_table, record, run_measured
from bench.corpus import generate

CACHE = Path(os.environ.get("ARCHIVE_BENCH_DIR", "/tmp/archive-bench"))
PG = os.environ.get("ARCHIVE_BENCH_PG", "postgresql://postgres@127.0.0.1:5432/test")


def corpus(n: int, seed: int) -> Path:
    """The cached corpus of n articles (generated on first use)."""
    out = CACHE / f"corpus-{n}-{seed}"
    if not (out / "metadata.tsv").is_file():
        generate(out, n, seed)
    return out


def ingest_cmd(src: Path, url: str, jobs: int | None = None) -> list[str]:
    """The `archive ingest` command line every benchmark runs on a generated corpus."""
    cmd = [sys.executable, "-m", "archive", "ingest", str(src), "--db", url]
    cmd += ["--metadata", str(src / "metadata.tsv"), "--json"]
    return cmd + (["--jobs", str(jobs)] if jobs is not None else [])


def _time_rss(cmd: list[str]) -> tuple[float, float, dict[str, object]]:
    """Seconds, peak RSS (MiB) and the JSON report of one `archive ingest` run."""
    code, seconds, rss, out, err = run_measured(cmd)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    return seconds, rss, json.loads(out)


def _fresh_db(kind: str) -> tuple[str, object]:
    if kind == "sqlite":
        path = CACHE / f"bench-{uuid.uuid4().hex[:8]}.db"
        return f"sqlite:///{path}", lambda: [
            p.unlink(missing_ok=True) for p in CACHE.glob(path.name + "*")
        ]
    from sqlalchemy import create_engine, text

    name = f"archive_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(
        PG.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    base = PG.rsplit("/", 1)[0]

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"{base}/{name}", drop


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    ap.add_argument("--keep", action="store_true", help="keep the archives")
    args = ap.parse_args()
    src = corpus(args.n, args.seed)
    rows = []
    for kind in args.db:
        for jobs in args.jobs:
            url, drop = _fresh_db(kind)
            cmd = ingest_cmd(src, url, jobs)
            seconds, rss, report = _time_rss(cmd)
            again, rss2, _report2 = _time_rss(cmd)
            rows.append(
                {
                    "db": kind,
                    "jobs": jobs,
                    "articles": report["added"],
                    "seconds": round(seconds, 2),
                    "articles_per_s": round(args.n / seconds, 1),
                    "reingest_per_s": round(args.n / again, 1),
                    "peak_rss_mib": round(max(rss, rss2), 1),
                    "failed": report["failed"],
                }
            )
            if not args.keep:
                drop()  # type: ignore[operator]
    print_table(f"ingest of {args.n:,} articles (read, parse, extract, store)", rows)
    path = record("ingest", rows)
    print(f"appended to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
