"""Extraction speed: `extract_article` over the PolNeAR training texts on one core.

Usage: python bench/bench_extract.py [SPLIT_TEXT_DIR] [--repeat N]

Times extraction alone (texts are read first; no parsing, no database), in-process, single
threaded, best of N passes after one warm-up pass (which also loads any lazy tables). Prints
articles/s for `extract_article` and for attribution alone, and appends one JSON line with the
machine's facts to bench/results/extract.jsonl, so figures from different machines and commits
can be compared.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from archive.extract import EXTRACTOR_VERSION, extract_article  # noqa: E402
from archive.extract.attribution import extract_attribution  # noqa: E402

DEFAULT_SPLIT = REPO.parent / "shared" / "eval" / "polnear" / "train" / "text"
RESULTS = REPO / "bench" / "results" / "extract.jsonl"


def _rate(func: Callable[[str], object], texts: list[str], repeat: int) -> float:
    """Best articles/s over `repeat` timed passes (after the caller's warm-up)."""
    best = 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            func(text)
        best = max(best, len(texts) / (time.perf_counter() - start))
    return best


def _commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        )
    except OSError:
        return None
    return out.stdout.strip() or None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("split", nargs="?", type=Path, default=DEFAULT_SPLIT)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    paths = sorted(args.split.glob("*.txt"))
    if not paths:
        print(f"no .txt files in {args.split}", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in paths]
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    for text in texts:  # warm-up: lazy tables, caches
        extract_article(text)
    article_rate = _rate(extract_article, texts, args.repeat)
    attribution_rate = _rate(extract_attribution, texts, args.repeat)
    record = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "extractor_version": EXTRACTOR_VERSION,
        "corpus": str(args.split),
        "articles": len(texts),
        "chars": sum(len(t) for t in texts),
        "repeat": args.repeat,
        "extract_article_per_s": round(article_rate, 1),
        "attribution_only_per_s": round(attribution_rate, 1),
        "cpu_count": os.cpu_count(),
        "cores_used": 1,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }
    print(f"extract_article:     {article_rate:8.0f} articles/s ({len(texts)} articles, one core)")
    print(f"attribution only:    {attribution_rate:8.0f} articles/s")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
