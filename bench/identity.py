"""Byte-identity of `archive extract` output through a refactor.

A refactor of the extraction rules must not change what they output. `write DIR` runs
`archive extract --format jsonl` over fixed texts (PolNeAR train and dev, the seed, GGT dev,
lgl-dev and gwn-dev, 500 BBC articles spread over its sections) and keeps one JSONL file per
set; `check DIR` runs again and compares byte for byte, naming the first document that differs
in each set. Run it from the repository root with the checkout's own venv:

    .venv/bin/python bench/identity.py write /tmp/identity-before
    ... change code ...
    .venv/bin/python bench/identity.py check /tmp/identity-before

The labelled sets are read from ../shared (or $ARCHIVE_SHARED_DIR). Texts held inside JSONL
files are written once to a fixed folder under the temporary directory, so every checkout
prints the same paths.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BBC_SAMPLE = 500


def shared_dir() -> Path:
    env = os.environ.get("ARCHIVE_SHARED_DIR")
    return Path(env) if env else ROOT.parent / "shared"


def _texts_from_jsonl(name: str, data: Path) -> list[Path]:
    """The texts of a JSONL set as files NAME.txt, as the places scorer writes them."""
    folder = Path(tempfile.gettempdir()) / "archive-identity" / name
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    with data.open(encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            path = folder / f"{doc['id']}.txt"
            if not path.exists() or path.read_text(encoding="utf-8") != doc["text"]:
                path.write_text(doc["text"], encoding="utf-8")
            paths.append(path)
    return paths


def corpus_sets() -> dict[str, list[Path]]:
    shared = shared_dir()
    ev = shared / "eval"
    bbc = sorted((shared / "corpora" / "bbc").glob("*/*.txt"))
    step = max(1, len(bbc) // BBC_SAMPLE)
    return {
        "polnear-train": sorted((ev / "polnear" / "train" / "text").glob("*.txt")),
        "polnear-dev": sorted((ev / "polnear" / "dev" / "text").glob("*.txt")),
        "seed": sorted((shared / "seed").glob("*.txt")),
        "ggt-dev": sorted((ev / "ggt" / "text").glob("*.txt")),
        "lgl-dev": _texts_from_jsonl("lgl-dev", ev / "geo" / "lgl-dev.jsonl"),
        "gwn-dev": _texts_from_jsonl("gwn-dev", ev / "geo" / "gwn-dev.jsonl"),
        "bbc-500": bbc[::step][:BBC_SAMPLE],
    }


def run_extract(paths: list[Path], jobs: int) -> bytes:
    cmd = [sys.executable, "-m", "archive", "extract", "--format", "jsonl", "--jobs", str(jobs)]
    proc = subprocess.run([*cmd, *map(str, paths)], capture_output=True, cwd=ROOT, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode(errors="replace"))
        raise SystemExit(f"archive extract failed with exit {proc.returncode}")
    return proc.stdout


def _first_difference(before: bytes, after: bytes) -> str:
    old, new = before.splitlines(), after.splitlines()
    for i, (a, b) in enumerate(zip(old, new, strict=False)):
        if a != b:
            path = json.loads(a).get("path", f"line {i + 1}")
            return f"first difference at document {i + 1}: {path}"
    return f"{len(old)} documents before, {len(new)} after"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("action", choices=["write", "check"])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", nargs="*", help="only these sets")
    args = ap.parse_args()
    sets = corpus_sets()
    names = args.only or list(sets)
    args.folder.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name in names:
        out = run_extract(sets[name], args.jobs)
        target = args.folder / f"{name}.jsonl"
        if args.action == "write":
            target.write_bytes(out)
            print(f"{name:14} {len(sets[name]):5} documents written")
            continue
        before = target.read_bytes()
        if before == out:
            print(f"{name:14} {len(sets[name]):5} documents identical")
        else:
            changed += 1
            print(f"{name:14} CHANGED: {_first_difference(before, out)}")
    return 1 if changed else 0


if __name__ == "__main__":
    raise SystemExit(main())
