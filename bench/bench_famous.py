"""Famous-sense check: do well-known cities and nations resolve to the place news means?

    .venv/bin/python bench/bench_famous.py [--corpus DIR] [--sample N] [--seed S]

Runs the full extraction (`extract_article`, so attribution's people count as they do in
ingest) over a corpus of news texts (default: the BBC corpus beside the checkout,
shared/corpora/bbc, 2,225 articles from 2004-5; read in place, never copied) and, for every
mention whose surface is one of the names below, checks that it resolved to the famous sense:
the entry of that name in the country given (the most populous one of the kinds given). British
news means London, England by "London" unless it says otherwise, and the share of such mentions
resolved that way is what a reader notices first.

A mention inside an organisation's name (`embedded`: "London Irish", "Paris Saint-Germain") is
counted apart: the name is the club's, not a claim about where something happened. Prints a
table per name and appends one JSON line to bench/results/famous.jsonl. `--sample N` also
writes N random place mentions of the corpus (any name) with their sentence to
bench/results/famous-sample.jsonl for a review by eye; the texts stay outside the repository
(only the mention and a short window of context are written, under /tmp unless --sample-out).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import machine  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "bbc"
RESULTS = REPO / "bench" / "results" / "famous.jsonl"

# name as written -> (country of the famous sense, feature codes it may have)
CITY = ("PPLC", "PPL")
AREA = ("ADM1",)
FAMOUS: dict[str, tuple[str, tuple[str, ...]]] = {
    "London": ("GB", CITY),
    "Paris": ("FR", ("PPLC",)),
    "Athens": ("GR", CITY),
    "Rome": ("IT", CITY),
    "Berlin": ("DE", CITY),
    "Madrid": ("ES", CITY),
    "Moscow": ("RU", CITY),
    "Dublin": ("IE", CITY),
    "Brussels": ("BE", CITY),
    "Milan": ("IT", CITY),
    "Edinburgh": ("GB", CITY),
    "Glasgow": ("GB", CITY),
    "Cardiff": ("GB", CITY),
    "Belfast": ("GB", CITY),
    "Birmingham": ("GB", CITY),
    "Manchester": ("GB", CITY),
    "Liverpool": ("GB", CITY),
    "Leeds": ("GB", CITY),
    "Newcastle": ("GB", CITY),
    "Melbourne": ("AU", CITY),
    "Sydney": ("AU", CITY),
    "Toronto": ("CA", CITY),
    "Washington": ("US", ("PPLC",)),
    "New York": ("US", CITY),  # the city: GeoNames calls it "New York City"
    "Boston": ("US", CITY),
    "Hollywood": ("US", CITY),
    "Wales": ("GB", AREA),
    "Scotland": ("GB", AREA),
    "England": ("GB", AREA),
    "Northern Ireland": ("GB", AREA),
    "Ireland": ("IE", ("PCLI",)),
    "Georgia": ("GE", ("PCLI",)),
}


def famous_ids() -> dict[str, int]:
    """The gazetteer entry each famous name should resolve to."""
    from archive.extract.gazetteer import get_gazetteer

    g = get_gazetteer()
    out = {}
    for name, (cc, codes) in FAMOUS.items():
        looked = g.lookup(name) + g.lookup(name + " City")
        ids = [i for i in looked if g.cc[i] == cc and g.fcode[i] in codes]
        if not ids:
            raise SystemExit(f"no {codes} entry named {name!r} in {cc} in the gazetteer")
        out[name] = g.gid[max(ids, key=lambda i: g.pop[i])]
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--sample", type=int, default=0, help="write N random mentions for review")
    ap.add_argument("--seed", type=int, default=17)
    ap.add_argument("--sample-out", type=Path, default=Path("/tmp/famous-sample.jsonl"))
    ap.add_argument("--wrong", action="store_true", help="print each wrong mention")
    ap.add_argument("--no-record", action="store_true")
    args = ap.parse_args()
    from archive.extract import extract_article

    paths = sorted(args.corpus.rglob("*.txt"))
    paths = [p for p in paths if p.name.upper() != "README.TXT"]
    if not paths:
        print(f"no .txt files under {args.corpus}", file=sys.stderr)
        return 2
    want = famous_ids()
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    embedded: Counter[str] = Counter()
    wrong_as: Counter[tuple[str, str]] = Counter()
    every: list[dict[str, object]] = []
    for n, p in enumerate(paths, 1):
        text = p.read_bytes().decode("utf-8", errors="replace")
        for pl in extract_article(text).places:
            emb = {tuple(e) for e in pl.embedded}
            for a, b in pl.mentions:
                surface = text[a:b]
                every.append(
                    {
                        "file": str(p.relative_to(args.corpus)),
                        "span": [a, b],
                        "surface": surface,
                        "resolved": pl.name,
                        "geonameid": pl.geonameid,
                        "country": pl.country_code,
                        "feature": pl.feature_code,
                        "embedded": (a, b) in emb,
                        "context": text[max(0, a - 80) : b + 80].replace("\n", " "),
                    }
                )
                if surface not in want:
                    continue
                if (a, b) in emb:
                    embedded[surface] += 1
                    continue
                total[surface] += 1
                if pl.geonameid == want[surface]:
                    right[surface] += 1
                else:
                    wrong_as[(surface, f"{pl.name} {pl.country_code} {pl.feature_code}")] += 1
                    if args.wrong:
                        print(
                            f"{p.relative_to(args.corpus)} {surface} -> {pl.name} "
                            f"{pl.country_code}: ...{text[max(0, a - 60) : b + 60]!r}"
                        )
        if n % 500 == 0:
            print(f"  {n}/{len(paths)} articles", file=sys.stderr)
    n_all, n_right = sum(total.values()), sum(right.values())
    print(f"{'name':18} {'mentions':>8} {'famous':>7} {'share':>6} {'embedded':>8}")
    for name in FAMOUS:
        if total[name] or embedded[name]:
            share = right[name] / total[name] if total[name] else 1.0
            print(f"{name:18} {total[name]:8} {right[name]:7} {share:6.3f} {embedded[name]:8}")
    share_all = round(n_right / n_all, 4) if n_all else None
    print(f"{'all':18} {n_all:8} {n_right:7} {share_all!s:>6} {sum(embedded.values()):8}")
    for (name, got), c in wrong_as.most_common(15):
        print(f"  wrong: {name} -> {got}: {c}")
    if args.sample:
        rng = random.Random(args.seed)
        picked = rng.sample(every, min(args.sample, len(every)))
        with args.sample_out.open("w", encoding="utf-8") as fh:
            for row in picked:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"wrote {len(picked)} random mentions to {args.sample_out}")
    if not args.no_record:
        row = {
            "bench": "famous",
            "corpus": str(args.corpus),
            "articles": len(paths),
            "mentions": n_all,
            "famous": n_right,
            "share": share_all,
            "embedded": sum(embedded.values()),
            "place_mentions": len(every),
            **machine(),
        }
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(row) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
