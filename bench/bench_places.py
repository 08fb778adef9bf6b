"""Benchmark place extraction: gazetteer start-up and articles per second on one core.

    .venv/bin/python bench/bench_places.py [--texts DIR] [--limit N] [--startup-runs N]

Start-up is measured in fresh interpreter processes (import + first `get_gazetteer()`, the
cached index already built), the way a worker process pays it. Throughput runs
`extract_places` over the PolNeAR train texts (shared/eval/polnear/train/text/*.txt) twice in
one process: the first pass is what a fresh process sees (its caches of names and capitalised
runs empty), the second what a long-running ingest sees. Prints a table and appends one JSON
line with the figures and the machine's facts to bench/results/places.jsonl.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_TEXTS = REPO.parent / "shared" / "eval" / "polnear" / "train" / "text"
RESULTS = REPO / "bench" / "results" / "places.jsonl"

_STARTUP = (
    "import time; t = time.perf_counter(); "
    "from archive.extract.gazetteer import get_gazetteer, load_seconds; get_gazetteer(); "
    "print(time.perf_counter() - t, load_seconds())"
)


def machine() -> dict[str, object]:
    """Facts that make a figure comparable: CPU, cores, Python, commit."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPO
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": commit,
    }


def startup_seconds(runs: int) -> list[tuple[float, float]]:
    """(import of the package + first gazetteer load, the load alone), each in a new
    process, the index cache warmed first. The import includes `archive/__init__`'s own
    imports (SQLAlchemy and the store), which every process pays whatever it extracts."""
    subprocess.run([sys.executable, "-c", _STARTUP], check=True, capture_output=True)
    out = []
    for _ in range(runs):
        proc = subprocess.run(
            [sys.executable, "-c", _STARTUP], check=True, capture_output=True, text=True
        )
        total, load = proc.stdout.split()
        out.append((float(total), float(load)))
    return out


def throughput(texts: list[str]) -> dict[str, float]:
    """Articles per second of `extract_places`, first and second pass, wall and CPU time,
    and the time the garbage collector's full collections took inside each pass (they walk
    every live container of the process, so their cost shows up as a slow pass)."""
    from archive.extract.gazetteer import get_gazetteer
    from archive.extract.places import extract_places

    get_gazetteer()
    full_gc = [0.0, 0.0]  # seconds, start of the current one

    def on_gc(phase: str, info: dict[str, int]) -> None:
        if info.get("generation") == 2:
            if phase == "start":
                full_gc[1] = time.perf_counter()
            else:
                full_gc[0] += time.perf_counter() - full_gc[1]

    gc.callbacks.append(on_gc)
    res: dict[str, float] = {}
    try:
        for label in ("first", "second"):
            full_gc[0] = 0.0
            w, c = time.perf_counter(), time.process_time()
            n_places = 0
            for t in texts:
                n_places += len(extract_places(t))
            wall, cpu = time.perf_counter() - w, time.process_time() - c
            res[f"{label}_pass_articles_per_s"] = round(len(texts) / wall, 1)
            res[f"{label}_pass_articles_per_cpu_s"] = round(len(texts) / cpu, 1)
            res[f"{label}_pass_full_gc_s"] = round(full_gc[0], 3)
            res["places_per_article"] = round(n_places / len(texts), 2)
    finally:
        gc.callbacks.remove(on_gc)
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--texts", type=Path, default=DEFAULT_TEXTS)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--startup-runs", type=int, default=5)
    ap.add_argument("--no-record", action="store_true", help="do not append to results")
    args = ap.parse_args()
    paths = sorted(args.texts.glob("*.txt"))[: args.limit]
    if not paths:
        print(f"no .txt files in {args.texts}", file=sys.stderr)
        return 2
    texts = [p.read_text(encoding="utf-8") for p in paths]
    starts = startup_seconds(args.startup_runs)
    tp = throughput(texts)
    row = {
        "bench": "places",
        "load_avg_1min": round(os.getloadavg()[0], 2),
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "corpus": str(args.texts),
        "articles": len(texts),
        "mean_chars": round(sum(map(len, texts)) / len(texts)),
        "gazetteer_load_s_median": round(statistics.median(s[1] for s in starts), 3),
        "gazetteer_load_s_max": round(max(s[1] for s in starts), 3),
        "import_and_load_s_median": round(statistics.median(s[0] for s in starts), 3),
        **tp,
        "machine": machine(),
    }
    print(f"{'measure':38} {'value':>10}")
    for k in (
        "articles",
        "mean_chars",
        "gazetteer_load_s_median",
        "gazetteer_load_s_max",
        "import_and_load_s_median",
        "first_pass_articles_per_s",
        "first_pass_articles_per_cpu_s",
        "first_pass_full_gc_s",
        "second_pass_articles_per_s",
        "second_pass_articles_per_cpu_s",
        "second_pass_full_gc_s",
        "places_per_article",
    ):
        print(f"{k:38} {row[k]:>10}")
    if not args.no_record:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
