"""Grow a SQLite archive k-fold by copying its articles, for query latency at scale.

    python bench/grow.py /tmp/archive-bench/query-100000-7.db /tmp/grown-1M.db --times 10

Ingesting a million articles takes 40 minutes here (bench_scale.py measures exactly that);
tuning a query against a million-article archive should not. This copies an ingested archive
and appends k-1 copies of every article with its mentions, quotes, claims and quantities,
under new ids and distinct content hashes; sources, outlets and places are shared, as in a
real archive where the same people and places recur. Full text is indexed by the same
triggers as ingest. The result has the shape of an ingested archive k times larger (same
distributions, k times the rows), which is what query plans care about. Latencies measured on
it are labelled as such in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import time
from pathlib import Path

# Tables copied per article, with their columns read from the archive itself.
_ARTICLE_TABLES = ("source_mentions", "quotes", "claims", "quantities", "place_mentions")


def _columns(con: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in con.execute(f"PRAGMA table_info({table})")]


# Columns holding ids: the table their ids come from (a copy shifts them by that table's size).
_ID_COLUMNS = {
    "article_id": "articles",
    "previous_id": "articles",
    "claim_id": "claims",
    "quote_id": "quotes",
}


def _shifted(column: str, table: str, k: int, offsets: dict[str, int]) -> str:
    """The SELECT expression giving `column` of copy k."""
    if column == "id":
        return f"id + {k * offsets[table]}"
    if column in _ID_COLUMNS:
        return f"{column} + {k * offsets[_ID_COLUMNS[column]]}"
    if column == "content_hash":
        return f"substr(content_hash, 1, 56) || printf('%08d', {k})"
    return column


def grow(src: Path, dest: Path, times: int) -> None:
    if dest.exists():
        raise SystemExit(f"{dest} exists; remove it first")
    shutil.copyfile(src, dest)
    con = sqlite3.connect(dest)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA foreign_keys=OFF")
    offsets = {
        t: con.execute(f"SELECT coalesce(max(id), 0) FROM {t}").fetchone()[0]
        for t in ("articles", *_ARTICLE_TABLES)
    }
    for k in range(1, times):
        start = time.perf_counter()
        for table in ("articles", *_ARTICLE_TABLES):
            cols = _columns(con, table)
            exprs = [_shifted(c, table, k, offsets) for c in cols]
            con.execute(
                f"INSERT INTO {table} ({', '.join(cols)}) "
                f"SELECT {', '.join(exprs)} FROM {table} WHERE id <= {offsets[table]}"
            )
        con.commit()
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        print(f"copy {k}: {n:,} articles ({time.perf_counter() - start:.0f} s)", file=sys.stderr)
    con.execute("PRAGMA optimize")  # what ingest runs after a run
    con.commit()
    con.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("src", type=Path)
    ap.add_argument("dest", type=Path)
    ap.add_argument("--times", type=int, default=10)
    args = ap.parse_args()
    grow(args.src, args.dest, args.times)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
