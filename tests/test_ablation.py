"""Ablation measures what the scorers measure: its in-process extraction is `archive extract`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from archive.extract.rules.__main__ import main as rules_main
from archive.extract.rules.ablation import EVAL_SETS, ablate
from tests.conftest import SHARED

REPO = Path(__file__).resolve().parents[1]
GGT = next(s for s in EVAL_SETS if s.name == "ggt-dev")

pytestmark = pytest.mark.skipif(
    not (SHARED / "eval" / "ggt").is_dir(), reason="../shared/eval is absent"
)


@pytest.mark.slow
def test_all_on_figures_are_the_scorers_own() -> None:
    base, rows = ablate([], [GGT], SHARED)
    assert rows == []
    proc = subprocess.run(
        [
            sys.executable,
            str(SHARED / "eval" / GGT.scorer),
            str(SHARED / "eval" / GGT.data),
            "--cmd",
            f"{sys.executable} -m archive extract --format jsonl",
            "--json",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
    )
    direct = json.loads(proc.stdout.strip().splitlines()[-1])
    assert base.figures["ggt-dev"] == {m.label: m.read(direct) for m in GGT.measures}


def test_unknown_rule_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        rules_main(["--only", "no.such_rule"])
    assert exit_info.value.code == 2
    assert "no rule named no.such_rule" in capsys.readouterr().err


def test_listing_names_every_rule(capsys: pytest.CaptureFixture[str]) -> None:
    from archive.extract.rules import all_rules

    assert rules_main(["--json"]) == 0
    listed = [json.loads(line)["name"] for line in capsys.readouterr().out.splitlines()]
    assert listed == [r.name for r in all_rules()]
