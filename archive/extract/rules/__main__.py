"""`python -m archive.extract.rules`: list the extraction rules, or measure each by ablation.

    python -m archive.extract.rules                 # name, module, example of every rule
    python -m archive.extract.rules --json          # the same for programs
    python -m archive.extract.rules --ablate --jobs 2 [--only NAME ...] [--sets lgl-dev ...]

Ablation prints, per rule, the change of every figure of every labelled set when that rule
is off (negative: the rule pays there), appends the run to bench/results/ablation.jsonl and
writes bench/results/ablation.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from archive.extract.rules import Rule, all_rules
from archive.extract.rules.ablation import EVAL_SETS, AblationRow, EvalSet, ablate, shared_dir

RESULTS = Path(__file__).resolve().parents[3] / "bench" / "results"


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def list_rules(rules: list[Rule], as_json: bool) -> None:
    if as_json:
        for r in rules:
            print(json.dumps({f: getattr(r, f) for f in Rule.__slots__}, ensure_ascii=False))
        return
    width = max((len(r.name) for r in rules), default=4)
    for r in rules:
        print(f"{r.name:{width}}  {r.module.rsplit('.', 1)[-1]:12}  {_short(r.example, 70)}")
    print(f"{len(rules)} rules")


def _columns(sets: list[EvalSet]) -> list[tuple[str, str]]:
    return [(s.name, m.label) for s in sets for m in s.measures]


def _delta(row: AblationRow, base: AblationRow, set_name: str, label: str) -> float | None:
    """The figure's change with the rule off; None where the output did not change."""
    figures, base_figures = row.figures[set_name], base.figures[set_name]
    if figures is None or base_figures is None:
        return None
    return figures[label] - base_figures[label]


def pays(row: AblationRow, base: AblationRow, sets: list[EvalSet]) -> bool:
    """Whether some figure somewhere falls when the rule is off."""
    return any((d := _delta(row, base, s, m)) is not None and d < -1e-9 for s, m in _columns(sets))


def table(base: AblationRow, rows: list[AblationRow], sets: list[EvalSet]) -> list[str]:
    """Markdown: the all-on figures, then each rule's changes ("·": output unchanged)."""
    cols = _columns(sets)
    head = ["rule", *(f"{s} {m}" for s, m in cols), "pays"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    on = [f"{(base.figures[s] or {}).get(m, 0.0):.4f}" for s, m in cols]
    lines.append("| (all rules on) | " + " | ".join(on) + " | |")
    for row in rows:
        cells = []
        for s, m in cols:
            d = _delta(row, base, s, m)
            cells.append("·" if d is None else f"{d:+.4f}")
        lines.append(f"| {row.rule} | " + " | ".join(cells) + f" | {pays(row, base, sets)} |")
    return lines


def record(base: AblationRow, rows: list[AblationRow], sets: list[EvalSet]) -> None:
    from archive.extract import extractor_version

    RESULTS.mkdir(parents=True, exist_ok=True)
    run = {
        "benchmark": "ablation",
        "date": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "extractor_version": extractor_version(),
        "all_on": base.figures,
        "off": {r.rule: r.figures for r in rows},
    }
    with (RESULTS / "ablation.jsonl").open("a", encoding="utf-8") as f:
        f.write(json.dumps(run) + "\n")
    md = [
        "# Ablation of the extraction rules",
        "",
        f"Extractor {run['extractor_version']}, {run['date']}. Made by "
        "`python -m archive.extract.rules --ablate --jobs 2` (docs/rules.md). Each row is the "
        "change of each figure when that one rule is off: negative means the rule pays there; "
        "`·` means the set's output did not change at all.",
        "",
        *table(base, rows, sets),
        "",
    ]
    (RESULTS / "ablation.md").write_text("\n".join(md), encoding="utf-8")


def _progress(done: int, total: int) -> None:
    sys.stderr.write(f"\rablation: {done}/{total} rule × set runs")
    if done == total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m archive.extract.rules", description=__doc__.split("\n")[0]
    )
    ap.add_argument("--json", action="store_true", help="list as JSON lines")
    ap.add_argument("--ablate", action="store_true", help="measure each rule switched off")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="only these rules")
    ap.add_argument("--sets", nargs="+", choices=[s.name for s in EVAL_SETS])
    ap.add_argument("--jobs", type=int, default=1, help="worker processes")
    ap.add_argument("--no-record", action="store_true", help="do not write bench/results")
    ap.add_argument("--replay", type=Path, help=argparse.SUPPRESS)  # for the scorers
    args, extra = ap.parse_known_args(argv)
    if args.replay:  # a scorer appends its text paths: they are not read
        sys.stdout.write(args.replay.read_text(encoding="utf-8"))
        return 0
    if extra:
        ap.error(f"unrecognized arguments: {' '.join(extra)}")
    rules = all_rules()
    known = {r.name for r in rules}
    if args.only and (unknown := [n for n in args.only if n not in known]):
        ap.error(f"no rule named {', '.join(unknown)}")
    if not args.ablate:
        list_rules([r for r in rules if not args.only or r.name in args.only], args.json)
        return 0
    shared = shared_dir()
    if not (shared / "eval").is_dir():
        ap.error(f"no labelled sets at {shared / 'eval'} (set ARCHIVE_SHARED_DIR)")
    sets = [s for s in EVAL_SETS if not args.sets or s.name in args.sets]
    names = args.only or [r.name for r in rules]
    base, rows = ablate(names, sets, shared, args.jobs, _progress)
    print("\n".join(table(base, rows, sets)))
    if not args.no_record:
        record(base, rows, sets)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
