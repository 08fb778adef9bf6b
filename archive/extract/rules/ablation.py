"""Ablation: what each named rule is worth on every labelled set.

Each rule is switched off in turn and the labelled sets of ../shared/eval are extracted again
and scored by their own scorers (the same scripts, the same output format as `archive
extract`), so a rule that pays on one corpus and costs on another shows as such. A set whose
output does not change when a rule is off is not scored again: its change is zero by
construction, which keeps a full run to minutes.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.extract.settings import ExtractSettings

__all__ = ["EVAL_SETS", "AblationRow", "EvalSet", "ablate", "shared_dir"]


@dataclass(frozen=True, slots=True)
class Measure:
    """One figure of a scorer's JSON: its key, and the index into a [P, R, F] triple."""

    label: str
    key: str
    index: int | None = None

    def read(self, scores: dict[str, Any]) -> float:
        value = scores[self.key]
        return float(value if self.index is None else value[self.index])


@dataclass(frozen=True, slots=True)
class EvalSet:
    """A labelled set: where its texts are, which scorer reads it, the figures it reports."""

    name: str
    scorer: str  # file name in ../shared/eval
    data: str  # the scorer's data argument, relative to ../shared/eval
    measures: tuple[Measure, ...]

    def texts(self, shared: Path) -> list[Path]:
        """The set's texts as files, as its scorer hands them to `archive extract`."""
        data = shared / "eval" / self.data
        if data.suffix == ".jsonl":
            return _texts_from_jsonl(self.name, data)
        return sorted((data / "text").glob("*.txt"))


_F1 = 2
EVAL_SETS = (
    EvalSet(
        "polnear-dev",
        "score_attribution.py",
        "polnear/dev",
        (
            Measure("quote e2e", "quote_end_to_end_prf", _F1),
            Measure("speaker", "quote_speaker_accuracy"),
            Measure("claim e2e", "claim_end_to_end_prf", _F1),
        ),
    ),
    EvalSet(
        "ggt-dev",
        "score_ggt.py",
        "ggt",
        (
            Measure("quote F1", "ggt_0.3_prf", _F1),
            Measure("speaker", "ggt_0.3_speaker_accuracy"),
            Measure("people F1", "people_quoted_prf", _F1),
        ),
    ),
    EvalSet(
        "lgl-dev",
        "score_places.py",
        "geo/lgl-dev.jsonl",
        (Measure("e2e", "end_to_end_prf", _F1), Measure("acc161", "accuracy_at_161km")),
    ),
    EvalSet(
        "gwn-dev",
        "score_places.py",
        "geo/gwn-dev.jsonl",
        (Measure("e2e", "end_to_end_prf", _F1), Measure("acc161", "accuracy_at_161km")),
    ),
)


def shared_dir() -> Path:
    """../shared beside the checkout, or $ARCHIVE_SHARED_DIR."""
    env = os.environ.get("ARCHIVE_SHARED_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[4] / "shared"


def _texts_from_jsonl(name: str, data: Path) -> list[Path]:
    """A JSONL set's texts written once as ID.txt (the places scorer matches by that stem)."""
    folder = Path(tempfile.gettempdir()) / "archive-ablation" / name
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


def extract_lines(paths: list[Path], settings: ExtractSettings) -> list[str]:
    """`archive extract --format jsonl` output for `paths`, made in this process."""
    from archive.cli import extract_record
    from archive.ingest.pipeline import IngestOptions, iter_units

    options = IngestOptions(require_headline=False)
    lines = []
    for unit in iter_units([str(p) for p in paths], options):
        line, error = extract_record((unit, options, settings))
        if error is not None:
            raise RuntimeError(error)
        lines.append(line)
    return lines


def score(eval_set: EvalSet, shared: Path, output: str) -> dict[str, float]:
    """Run the set's own scorer over prepared output and read its figures."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8", delete=False) as f:
        f.write(output)
    try:
        # the scorer appends the text paths to --cmd; `--replay` prints the prepared output
        replay = f"{sys.executable} -m archive.extract.rules --replay {f.name}"
        proc = subprocess.run(
            [
                sys.executable,
                str(shared / "eval" / eval_set.scorer),
                str(shared / "eval" / eval_set.data),
                "--cmd",
                replay,
                "--json",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.unlink(f.name)
    if proc.returncode != 0:
        raise RuntimeError(f"{eval_set.scorer} failed: {proc.stderr[-1000:]}")
    scores = json.loads(proc.stdout.strip().splitlines()[-1])
    return {m.label: m.read(scores) for m in eval_set.measures}


@dataclass(frozen=True, slots=True)
class AblationRow:
    """One rule switched off: per set, its figures (None where the output did not change)."""

    rule: str | None  # None: every rule on
    figures: dict[str, dict[str, float] | None]


# What a worker needs, set once per process by `_init` (fork start: inherited, not pickled).
_WORKER: dict[str, Any] = {}


def _init(shared: Path, baseline: dict[str, str]) -> None:
    import signal

    from archive.extract.gazetteer import get_gazetteer

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    get_gazetteer()
    _WORKER.update(shared=shared, baseline=baseline)


def _run(task: tuple[str | None, str]) -> tuple[str | None, str, str, dict[str, float] | None]:
    """Extract one set with one rule off; score it only where the output changed."""
    rule, set_name = task
    shared: Path = _WORKER["shared"]
    eval_set = next(s for s in EVAL_SETS if s.name == set_name)
    settings = ExtractSettings(disabled=frozenset({rule} if rule else set()))
    output = "".join(line + "\n" for line in extract_lines(eval_set.texts(shared), settings))
    digest = hashlib.sha256(output.encode()).hexdigest()
    if rule is not None and _WORKER["baseline"].get(set_name) == digest:
        return rule, set_name, digest, None
    return rule, set_name, digest, score(eval_set, shared, output)


def _pool_map(
    tasks: Sequence[tuple[str | None, str]], jobs: int, shared: Path, baseline: dict[str, str]
) -> Iterator[tuple[str | None, str, str, dict[str, float] | None]]:
    if jobs <= 1:
        _init(shared, baseline)
        yield from map(_run, tasks)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(jobs, initializer=_init, initargs=(shared, baseline)) as pool:
        yield from pool.imap_unordered(_run, tasks)


def ablate(
    rules: list[str],
    sets: list[EvalSet],
    shared: Path,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[AblationRow, list[AblationRow]]:
    """Figures with every rule on, and with each of `rules` off in turn (in `rules` order)."""
    names = [s.name for s in sets]
    base_figures: dict[str, dict[str, float] | None] = {}
    digests: dict[str, str] = {}
    for _, set_name, digest, figures in _pool_map([(None, n) for n in names], jobs, shared, {}):
        base_figures[set_name], digests[set_name] = figures, digest
    tasks = [(r, n) for r in rules for n in names]
    found: dict[str | None, dict[str, dict[str, float] | None]] = {r: {} for r in rules}
    for done, (rule, set_name, _, figures) in enumerate(_pool_map(tasks, jobs, shared, digests), 1):
        found[rule][set_name] = figures
        if progress:
            progress(done, len(tasks))
    rows = [AblationRow(r, {n: found[r][n] for n in names}) for r in rules]
    return AblationRow(None, {n: base_figures[n] for n in names}), rows
