"""Quality gate: place extraction on lgl-dev and gwn-dev must not fall below the figures
it reached.

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
GEO = SHARED / "eval" / "geo"

# Reached by this extractor (see the commit log): (recognition F1, accuracy@161km, end-to-end
# F1). lgl-dev: US local news, 294 articles, 2,167 toponyms. gwn-dev: GeoWebNews, 100 web
# news articles of 2018 from every continent, 1,253 toponyms of every type.
PINNED = {
    "lgl-dev": (0.8767, 0.8898, 0.7801),
    "gwn-dev": (0.8479, 0.9437, 0.8002),
}
TOLERANCE = 0.01


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PINNED))
def test_geo_dev_figures_hold(name: str) -> None:
    data = GEO / f"{name}.jsonl"
    if not data.is_file():
        pytest.skip("shared eval data not beside the checkout")
    recognition_f1, accuracy_161km, end_to_end_f1 = PINNED[name]
    cmd = f"{sys.executable} -m archive extract --format jsonl"
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(data), "--cmd", cmd, "--json"],
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
        "recognition F1": (res["recognition_prf"][2], recognition_f1),
        "accuracy@161km": (res["accuracy_at_161km"], accuracy_161km),
        "end-to-end F1": (res["end_to_end_prf"][2], end_to_end_f1),
    }
    dropped = {k: v for k, v in figures.items() if v[0] < v[1] - TOLERANCE}
    assert not dropped, f"place extraction got worse on {name} (got, pinned): {dropped}"
