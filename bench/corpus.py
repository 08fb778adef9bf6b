"""Synthetic-but-real corpora for benchmarks and stress tests.

Articles are assembled from real news paragraphs (PolNeAR train and the seed article when
../shared is present, else the bundled examples/), so extraction meets real quotes, sources and
places; each text is unique (checked by hash), so de-duplication hides no work. Deterministic
for a given seed. Files follow the user layout (headline, blank line, paragraphs) in folders of
1,000, with a metadata.tsv beside them.

    python bench/corpus.py OUT_DIR --n 10000 [--seed 7]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUTLETS = ["RT", "Reuters", "AP", "BBC", "Al Jazeera", "NYT", "Breitbart", "Politico"]
AUTHORS = ["Staff", "Jane Doe", "Omar Haddad", "Li Wei", "Maria Lopez", "John Smith", ""]


def source_dirs() -> list[Path]:
    """Where paragraphs come from: the shared corpora if present, else examples/."""
    candidates = [
        REPO.parent / "shared" / "eval" / "polnear" / "train" / "text",
        REPO.parent / "shared" / "seed",
        Path("/work/shared/eval/polnear/train/text"),
        Path("/work/shared/seed"),
    ]
    found = [d for d in candidates if d.is_dir()]
    return found or [REPO / "examples"]


def paragraphs(dirs: list[Path]) -> list[str]:
    """Body paragraphs (not headlines) of every .txt file under `dirs`, in a stable order."""
    out: list[str] = []
    seen: set[str] = set()
    for d in dirs:
        for path in sorted(d.rglob("*.txt")):
            if path.name.lower() == "readme.txt":
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            for para in text.split("\n\n")[1:]:
                para = para.strip()
                if len(para) > 80 and para not in seen:
                    seen.add(para)
                    out.append(para)
    return out


def generate(out_dir: Path, n: int, seed: int = 7, dirs: list[Path] | None = None) -> list[Path]:
    """Write `n` unique articles and metadata.tsv under `out_dir`; returns the file paths."""
    rng = random.Random(seed)
    pool = paragraphs(dirs or source_dirs())
    if len(pool) < 20:
        raise SystemExit("not enough paragraphs to build a corpus from")
    out_dir.mkdir(parents=True, exist_ok=True)
    hashes: set[bytes] = set()
    paths: list[Path] = []
    start = dt.date(2015, 11, 1)
    with (out_dir / "metadata.tsv").open("w", encoding="utf-8") as meta:
        meta.write("filename\tpublisher\tpublication_date\tauthor\n")
        i = 0
        while i < n:
            k = rng.randint(5, 12)
            body = rng.sample(pool, k)
            first = body[0]
            headline = first.split("\n")[0].split(". ")[0][:110].rstrip(" ,;:{")
            text = headline + "\n\n" + "\n\n".join(body) + "\n"
            h = hashlib.blake2b(text.encode(), digest_size=16).digest()
            if h in hashes:
                continue
            hashes.add(h)
            folder = out_dir / f"{i // 1000:04d}"
            folder.mkdir(exist_ok=True)
            path = folder / f"{i:07d}.txt"
            path.write_text(text, encoding="utf-8")
            paths.append(path)
            date = start + dt.timedelta(days=rng.randint(0, 700))
            meta.write(f"{path.name}\t{rng.choice(OUTLETS)}\t{date}\t{rng.choice(AUTHORS)}\n")
            i += 1
    return paths


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    paths = generate(args.out_dir, args.n, args.seed)
    print(f"wrote {len(paths):,} articles to {args.out_dir}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
