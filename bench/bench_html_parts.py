"""Where the HTML step's time goes: its parts timed alone on the check set of bench_pages.py.

    python bench/bench_html_parts.py --n 181

One process, one core, CPU time (the machine is shared), best of five interleaved rounds:
parsing, the page's metadata, trafilatura's main text in our options (balanced and with
the precision focus, each after its own parse), the whole `html_document`, and the
extraction step of the resulting texts for comparison. Prints a table and appends a JSON
line to bench/results/html_parts.jsonl.
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_pages import SHARED_BBC
from bench.common import print_table, record
from bench.webpages import check_set


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=SHARED_BBC)
    ap.add_argument("--n", type=int, default=181)
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    from trafilatura import bare_extraction
    from trafilatura.utils import load_html

    from archive.extract import extract_article
    from archive.extract.gazetteer import get_gazetteer
    from archive.ingest import formats

    get_gazetteer()
    pages = check_set(args.corpus, args.n, args.seed)
    htmls = [formats.decode_html(p.html, p.id)[0] for p in pages]
    texts = [formats.html_document(p.html, p.id).text for p in pages]
    trees = [load_html(h) for h in htmls]
    balanced = formats._base_extractor()
    precision = copy.copy(balanced)
    precision.focus = "precision"

    def each(fn: Callable[[Any], Any], items: list[Any]) -> Callable[[], None]:
        def run() -> None:
            for item in items:
                fn(item)

        return run

    parts: dict[str, Callable[[], None]] = {
        "parse (load_html)": each(load_html, htmls),
        "metadata (_page_metadata)": each(lambda t: formats._page_metadata(t, None), trees),
        "parse + main text (balanced, ours)": each(
            lambda h: bare_extraction(load_html(h), options=copy.copy(balanced)), htmls
        ),
        "parse + main text (precision focus)": each(
            lambda h: bare_extraction(load_html(h), options=copy.copy(precision)), htmls
        ),
        "html_document (the HTML step)": each(lambda p: formats.html_document(p.html, p.id), pages),
        "extract_article (the extraction step)": each(extract_article, texts),
    }
    best = dict.fromkeys(parts, float("inf"))
    for _ in range(args.rounds):
        for name, run in parts.items():
            started = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - started)
    rows = [{"part": k, "ms_per_page": round(1000 * v / len(pages), 3)} for k, v in best.items()]
    print_table(f"{len(pages)} pages, CPU time, best of {args.rounds}", rows)
    path = record("html_parts", rows)
    print(f"recorded in {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
