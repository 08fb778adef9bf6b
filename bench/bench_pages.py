"""Web pages, one WARC and JSON lines: body accuracy (4-gram shingle F1) and ingest speed.

    python bench/bench_pages.py --n 181 --jobs 2

Builds the check set of bench/webpages.py (real article bodies in generated page furniture),
ingests it through `archive ingest` into a fresh SQLite archive in four forms (the bodies as
plain .txt files, the pages as .html files, as one .warc.gz, as JSON lines with an `html`
field), and reports for each form: articles stored, the body F1 against the hand-written
body (mean and worst page), whether the WARC's URLs were kept, and articles/s. It also times
the two steps in one process on one core: the HTML step (main text and metadata of a page)
against the extraction step (sources, quotes, claims, places of its text).

F1 is the metric of the public article-extraction benchmark: precision and recall of the
stored body's word 4-gram shingles (as a multiset) against the gold body's.
Prints tables and appends a JSON line to bench/results/pages.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import print_table, record, run_measured
from bench.webpages import Page, check_set, write_check_set

CACHE = Path(os.environ.get("ARCHIVE_BENCH_DIR", "/tmp/archive-bench"))
SHARED_BBC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The word n-grams of a text (lower case), counted."""
    words = _TOKEN.findall(text.lower())
    if len(words) < n:
        return Counter([tuple(words)]) if words else Counter()
    return Counter(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


def shingle_f1(predicted: str, gold: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the predicted body's shingles against the gold body's."""
    p, g = shingles(predicted), shingles(gold)
    if not p and not g:
        return 1.0, 1.0, 1.0
    overlap = sum((p & g).values())
    precision = overlap / sum(p.values()) if p else 0.0
    recall = overlap / sum(g.values()) if g else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def body_of(text: str) -> str:
    """The stored text below its headline (stored text is headline, blank line, body)."""
    return text.split("\n\n", 1)[1] if "\n\n" in text else ""


def _ingest(src: Path, jobs: int) -> tuple[float, dict[str, Any], list[tuple[str, str, str]]]:
    """Ingest into a fresh SQLite archive: seconds, the run report, (source_path, url, text)."""
    db = CACHE / f"pages-{uuid.uuid4().hex[:8]}.db"
    cmd = [sys.executable, "-m", "archive", "ingest", str(src), "--db", f"sqlite:///{db}"]
    cmd += ["--json", "--jobs", str(jobs)]
    code, seconds, _rss, out, err = run_measured(cmd)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err[-2000:]}")
    report = json.loads(out)
    con = sqlite3.connect(db)
    rows = con.execute("SELECT source_path, url, text FROM articles").fetchall()
    con.close()
    for p in CACHE.glob(db.name + "*"):
        p.unlink()
    return seconds, report, rows


def score(pages: list[Page], form: str, rows: list[tuple[str, str, str]]) -> dict[str, Any]:
    """Match stored articles to pages (by file name, URL or line) and score their bodies."""
    by_id = {p.id: p for p in pages}
    by_url = {p.url: p for p in pages}
    found: dict[str, str] = {}
    urls_kept = 0
    for source_path, url, text in rows:
        if form in ("text", "html"):
            page = by_id.get(Path(source_path).stem)
        elif form == "warc":
            page = by_url.get(url)
        else:
            page = pages[int(source_path.rsplit("#L", 1)[1]) - 1]
        if page is None:
            continue
        found[page.id] = text
        urls_kept += int(url == page.url)
    f1s = []
    for p in pages:
        f1s.append(shingle_f1(body_of(found[p.id]), p.gold)[2] if p.id in found else 0.0)
    f1s.sort()
    return {
        "pages": len(pages),
        "articles": len(rows),
        "matched": len(found),
        "f1_mean": round(sum(f1s) / len(f1s), 4),
        "f1_worst": round(f1s[0], 4),
        "below_0.95": sum(1 for f in f1s if f < 0.95),
        "urls_kept": urls_kept if form != "text" else None,
    }


def step_times(pages: list[Page]) -> dict[str, Any]:
    """Milliseconds per page of the HTML step and of the extraction step, in this process:
    CPU time (the machine is shared: wall time counts the other sessions' work), best of
    five interleaved rounds."""
    from archive.extract import extract_article
    from archive.extract.gazetteer import get_gazetteer
    from archive.ingest.formats import html_document

    get_gazetteer()
    texts = [html_document(p.html, p.id).text for p in pages]  # warm both
    html_s = extract_s = float("inf")
    for _ in range(5):  # interleaved, best of five: the machine is shared
        started = time.process_time()
        for p in pages:
            html_document(p.html, p.id)
        html_s = min(html_s, time.process_time() - started)
        started = time.process_time()
        for text in texts:
            extract_article(text)
        extract_s = min(extract_s, time.process_time() - started)
    return {
        "pages": len(pages),
        "html_ms_per_page": round(1000 * html_s / len(pages), 2),
        "extract_ms_per_article": round(1000 * extract_s / len(pages), 2),
        "html_over_extract": round(html_s / extract_s, 2),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=SHARED_BBC)
    ap.add_argument("--n", type=int, default=181)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    pages = check_set(args.corpus, args.n, args.seed)
    out = CACHE / f"pages-{args.n}-{args.seed}"
    paths = write_check_set(pages, out)
    text_dir = out / "text"
    text_dir.mkdir()
    for p in pages:
        (text_dir / f"{p.id}.txt").write_text(f"{p.title}\n\n{p.gold}\n", encoding="utf-8")
    rows = []
    for form, src in (
        ("text", text_dir),
        ("html", paths["html"]),
        ("warc", paths["warc"]),
        ("jsonl", paths["jsonl"]),
    ):
        seconds, report, stored = _ingest(src, args.jobs)
        row = {"form": form, **score(pages, form, stored)}
        row["failed"] = report["failed"]
        row["seconds"] = round(seconds, 2)
        row["articles_per_s"] = round(report["added"] / seconds, 1)
        rows.append(row)
    print_table(f"check set of {len(pages)} pages, archive ingest --jobs {args.jobs}", rows)
    steps = step_times(pages)
    print_table("one core: HTML step against extraction step", [steps])
    path = record("pages", [*rows, {"steps": steps}])
    print(f"recorded in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
