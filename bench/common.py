"""What every benchmark shares: machine facts, result files, peak memory, a printed table."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "bench" / "results"


def machine() -> dict[str, Any]:
    """Facts that make a figure comparable: cores, memory, Python, platform, commit."""
    try:
        mem_gib = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    except (ValueError, OSError):
        mem_gib = None
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "commit": commit or None,
        "cpus": os.cpu_count(),
        "memory_gib": mem_gib,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_1min": round(os.getloadavg()[0], 2),
    }


def peak_rss_mib(children: bool = False) -> float:
    """Peak resident memory of this process (or of its finished children), in MiB."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)


def record(name: str, rows: list[dict[str, Any]]) -> Path:
    """Append one JSON line (rows + machine facts) to bench/results/NAME.jsonl."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.jsonl"
    with path.open("a", encoding="utf-8") as fh:
        fh.write(json.dumps({"benchmark": name, "machine": machine(), "rows": rows}) + "\n")
    return path


def print_table(title: str, rows: list[dict[str, Any]]) -> None:
    """A plain aligned table on stdout (readable in a terminal and in a log)."""
    if not rows:
        print(f"{title}: no rows")
        return
    cols = list(rows[0])
    cells = [[_fmt(r.get(c)) for c in cols] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    print(title)
    print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
    for row in cells:
        print("  ".join(v.rjust(w) for v, w in zip(row, widths, strict=True)))
    sys.stdout.flush()


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:,.1f}" if abs(v) >= 10 else f"{v:.3f}"
    if isinstance(v, int):
        return f"{v:,}"
    return "" if v is None else str(v)


def run_measured(cmd: list[str]) -> tuple[int, float, float, str, str]:
    """Run a command; (exit code, seconds, its own peak RSS in MiB, stdout, stderr).

    os.wait4 gives the rusage of this one child (with the workers it reaped), so each run's
    peak memory is its own, not the largest of every child this process ever had.
    """
    import tempfile
    import time

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return (
            proc.returncode,
            seconds,
            round(usage.ru_maxrss / 1024, 1),
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )
