"""Export of a large archive with all tables: time and peak memory per format.

    python bench/bench_export.py --n 100000 [--formats parquet csv jsonl]

Uses the archive bench_query.py builds (same corpus, made once). Each export runs as its own
child process, so its peak RSS is its own. Prints a table and appends a JSON line to
bench/results/export.jsonl.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_ingest import CACHE
from bench.bench_query import build
from bench.common import print_table, record, run_measured


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--db", default="sqlite", help="sqlite, or a URL to build into")
    ap.add_argument("--url", help="export this existing archive instead")
    ap.add_argument("--formats", nargs="+", default=["parquet", "csv", "jsonl"])
    args = ap.parse_args()
    url = args.url or build(args.n, args.db, args.seed)
    rows = []
    for fmt in args.formats:
        out = CACHE / f"export-{fmt}"
        shutil.rmtree(out, ignore_errors=True)
        cmd = [sys.executable, "-m", "archive", "export", str(out), "--db", url, "--format", fmt]
        code, seconds, peak, _out, err = run_measured(cmd)
        if code != 0:
            raise SystemExit(err[-2000:])
        size = sum(p.stat().st_size for p in out.iterdir())
        rows.append(
            {
                "format": fmt,
                "seconds": round(seconds, 2),
                "peak_rss_mib": peak,
                "size_mib": round(size / 2**20, 1),
            }
        )
    print_table(f"export of {url}", rows)
    print(f"appended to {record('export', rows)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
