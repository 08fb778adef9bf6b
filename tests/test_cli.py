"""The `archive` command as users run it: exit codes, JSON for programs, the extract contract."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archive import __all__ as public_names
from tests.conftest import FIXTURES, write

STORY = "Harbour reopens after storm\n\nThe port authority said ships could dock again.\n"


def run(
    *args: str, db: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    full_env.pop("ARCHIVE_DATABASE_URL", None)
    if db:
        full_env["ARCHIVE_DATABASE_URL"] = db
    return subprocess.run(
        [sys.executable, "-m", "archive", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )


def test_extract_prints_the_contract(tmp_path: Path) -> None:
    src = shutil.copy(FIXTURES / "aleppo-rt-2016.txt", tmp_path / "aleppo.txt")
    proc = run("extract", "--format", "jsonl", str(src))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1
    doc = json.loads(lines[0])
    assert set(doc) >= {"path", "title", "text", "sources", "quotes", "claims", "places"}
    assert doc["text"] == Path(src).read_text(encoding="utf-8")
    assert doc["title"].startswith("UN Syria envoy")
    for q in doc["quotes"]:
        assert doc["text"][q["start"] : q["end"]] == q["text"]


def test_extract_names_failures_and_exits_1(tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", STORY)
    bad = write(tmp_path / "bad.txt", b"")
    proc = run("extract", str(good), str(bad))
    assert proc.returncode == 1
    assert len(proc.stdout.splitlines()) == 1
    assert f"{bad}: empty file" in proc.stderr


def test_extract_with_workers_prints_the_same_lines_in_the_same_order(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "aleppo-rt-2016.txt", tmp_path / "a0.txt")
    for n in range(1, 12):
        write(tmp_path / f"a{n:02d}.txt", STORY.replace("storm", f"storm number {n}"))
    write(tmp_path / "a05b.txt", b"\x00\x01 not text")
    one = run("extract", str(tmp_path))
    two = run("extract", "--jobs", "2", str(tmp_path))
    assert one.returncode == two.returncode == 1  # the binary file fails in both
    assert two.stdout == one.stdout and len(two.stdout.splitlines()) == 12
    assert "a05b.txt: binary file" in two.stderr


def test_ingest_stats_and_exit_codes(tmp_path: Path, db_url: str) -> None:
    write(tmp_path / "in" / "a.txt", STORY)
    write(tmp_path / "in" / "b.txt", b"\x00\x01\x02" * 50)
    proc = run("ingest", str(tmp_path / "in"), "--json", "--jobs", "1", db=db_url)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert (report["added"], report["failed"]) == (1, 1)
    assert "b.txt" in proc.stderr and "binary" in proc.stderr
    assert "Traceback" not in proc.stderr
    again = run("ingest", str(tmp_path / "in" / "a.txt"), "--json", db=db_url)
    assert again.returncode == 0
    assert json.loads(again.stdout)["duplicates"] == 1
    stats = run("stats", "--json", db=db_url)
    assert stats.returncode == 0
    assert json.loads(stats.stdout)["articles"] == 1


def test_db_option_and_search_output(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    write(tmp_path / "in" / "a.txt", STORY)
    assert run("ingest", str(tmp_path / "in"), "--db", db).returncode == 0
    proc = run("search", "--db", db, "--text", "port", "--format", "jsonl")
    assert proc.returncode == 0, proc.stderr
    hits = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [h["title"] for h in hits] == ["Harbour reopens after storm"]
    csv_out = run("search", "--db", db, "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,title") and len(csv_out) == 2


def test_usage_and_query_errors_are_one_line_and_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "x.db")
    assert run("init", "--db", db).returncode == 0
    proc = run("search", "--db", db, "--text", '"unclosed')
    assert proc.returncode == 2  # DESIGN 4.2: a bad filter value is a usage error
    assert proc.stderr.startswith("error: ") and "Traceback" not in proc.stderr
    for bad in (["--since", "yesterday"], ["--source-kind", "alien"], ["--limit", "0"]):
        proc = run("search", "--db", db, *bad)
        assert proc.returncode == 2, (bad, proc.stderr)
        assert "Traceback" not in proc.stderr
    assert run("ingest", "--no-such-flag", db=db).returncode == 2
    bad_db = run("stats", "--db", "mysql://nobody@localhost/x")
    assert bad_db.returncode == 2 and "unsupported database" in bad_db.stderr


def test_a_mistyped_db_is_an_error_not_a_new_empty_archive(tmp_path: Path) -> None:
    typo = tmp_path / "bcc.db"
    for command in (["search"], ["quotes"], ["sources"], ["places"], ["stats"], ["top", "place"]):
        proc = run(*command, "--db", str(typo))
        assert proc.returncode == 2, (command, proc.stderr)
        assert f"no archive at {typo}" in proc.stderr
        assert not typo.exists()
    assert run("init", "--db", str(typo)).returncode == 0 and typo.exists()
    assert run("search", "--db", str(typo)).returncode == 0


def test_every_public_name_is_documented() -> None:
    import archive

    for name in public_names:
        assert getattr(archive, name).__doc__, f"archive.{name} has no docstring"


def test_a_corrupt_place_index_is_rebuilt_and_the_build_announced(tmp_path: Path) -> None:
    from archive.extract.gazetteer import cache_path

    cache = tmp_path / "cache"
    env = {"ARCHIVE_GAZETTEER_CACHE": str(cache)}
    story = write(tmp_path / "a.txt", "Storm hits Aleppo\n\nShelling in Aleppo, Syria went on.\n")
    first = run("extract", str(story), env=env)
    assert first.returncode == 0, first.stderr
    assert "building the place index" in first.stderr
    index = cache / cache_path().name
    index.write_bytes(index.read_bytes()[:1000])  # a build killed half-way, a full disk
    again = run("extract", str(story), env=env)
    assert again.returncode == 0, again.stderr
    assert "building the place index" in again.stderr
    assert json.loads(again.stdout)["places"] == json.loads(first.stdout)["places"]
    quiet = run("extract", str(story), env=env)
    assert "building" not in quiet.stderr  # once


def test_extract_names_an_article_whose_extraction_fails_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    import archive.extract
    from archive.cli import app

    good = write(tmp_path / "a.txt", STORY)
    bad = write(tmp_path / "b.txt", STORY.replace("Harbour", "Cursed harbour"))
    real = archive.extract.extract_article

    def fragile(text: str, *args: object) -> object:
        if "Cursed" in text:
            raise RuntimeError("a rule fell over")
        return real(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(archive.extract, "extract_article", fragile)
    result = CliRunner().invoke(app, ["extract", str(good), str(bad)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 1  # the good one is printed
    assert f"{bad}: extraction failed: RuntimeError: a rule fell over" in result.stderr
