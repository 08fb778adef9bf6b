"""Quality gate: place extraction on lgl-dev must not fall below the figures it reached.

Runs the shared scorer exactly as the README documents it (`archive extract --format jsonl`
through `python -m archive`) and fails when recognition F1, accuracy@161km or end-to-end F1
drops more than 0.01 below the pinned figures. Raise the pins when the figures improve.
Skipped only where the shared folder (beside the checkout) is absent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import SHARED as _SHARED

REPO = Path(__file__).resolve().parents[2]
SHARED = _SHARED  # beside the checkout, or ARCHIVE_SHARED_DIR (see tests/conftest.py)
SCORER = SHARED / "eval" / "score_places.py"
DATA = SHARED / "eval" / "geo" / "lgl-dev.jsonl"

# Reached on lgl-dev (294 articles, 2,167 toponyms) by this extractor; see the commit log.
RECOGNITION_F1 = 0.8711
ACCURACY_161KM = 0.8955
END_TO_END_F1 = 0.7801
TOLERANCE = 0.01


@pytest.mark.slow
@pytest.mark.skipif(not DATA.is_file(), reason="shared eval data not beside the checkout")
def test_lgl_dev_figures_hold() -> None:
    cmd = f"{sys.executable} -m archive extract --format jsonl"
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(DATA), "--cmd", cmd, "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:] + proc.stdout[-2000:]
    res = json.loads(proc.stdout.strip().splitlines()[-1])
    assert res["missing_outputs"] == 0
    figures = {
        "recognition F1": (res["recognition_prf"][2], RECOGNITION_F1),
        "accuracy@161km": (res["accuracy_at_161km"], ACCURACY_161KM),
        "end-to-end F1": (res["end_to_end_prf"][2], END_TO_END_F1),
    }
    dropped = {k: v for k, v in figures.items() if v[0] < v[1] - TOLERANCE}
    assert not dropped, f"place extraction got worse on lgl-dev (got, pinned): {dropped}"
