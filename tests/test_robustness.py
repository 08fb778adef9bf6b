"""Attacks on the store: killed and interrupted runs, locks, a full disk, concurrent use.

Nothing already stored may be lost or half-written: every test checks that the archive holds
whole batches only and that running again converges on what an uninterrupted run stores.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from archive import Archive, StoreError
from archive import models as m
from bench.corpus import generate
from tests.conftest import REPO, write

N_ARTICLES = 800
BATCH = 50


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    generate(out, N_ARTICLES, seed=11, dirs=[REPO / "examples"])
    return out


def _ingest_cmd(corpus: Path, db: str, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "archive",
        "ingest",
        str(corpus),
        "--db",
        db,
        "--metadata",
        str(corpus / "metadata.tsv"),
        "--batch-size",
        str(BATCH),
        "--json",
        *extra,
    ]


def _counts(db: str) -> dict[str, int]:
    with Archive(db) as arc, arc.sessions() as s:
        return {
            name: s.scalar(select(func.count()).select_from(model)) or 0
            for name, model in (
                ("articles", m.Article),
                ("quotes", m.Quote),
                ("claims", m.Claim),
                ("place_mentions", m.PlaceMention),
                ("source_mentions", m.SourceMention),
            )
        }


def _hashes(db: str) -> set[str]:
    with Archive(db) as arc, arc.sessions() as s:
        return set(s.scalars(select(m.Article.content_hash)))


def _wait_for_articles(db_path: Path, at_least: int, proc: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert proc.poll() is None, "ingest finished before it could be interrupted"
        try:
            with sqlite3.connect(db_path, timeout=5) as conn:
                n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            if n >= at_least:
                return n
        except sqlite3.OperationalError:
            pass
        time.sleep(0.05)
    raise AssertionError("ingest made no progress")


@pytest.fixture(scope="module")
def reference(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The archive an uninterrupted run makes."""
    db = f"sqlite:///{tmp_path_factory.mktemp('ref') / 'ref.db'}"
    proc = subprocess.run(_ingest_cmd(corpus_dir, db), capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr.decode()
    return db


@pytest.mark.slow
def test_sigkill_leaves_whole_batches_and_rerun_converges(
    corpus_dir: Path, tmp_path: Path, reference: str
) -> None:
    db_path = tmp_path / "killed.db"
    db = f"sqlite:///{db_path}"
    proc = subprocess.Popen(
        _ingest_cmd(corpus_dir, db, "--jobs", "2"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_for_articles(db_path, 2 * BATCH, proc)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    stored = _counts(db)["articles"]
    assert stored % BATCH == 0 and 0 < stored < N_ARTICLES
    rerun = subprocess.run(_ingest_cmd(corpus_dir, db), capture_output=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert _counts(db) == _counts(reference)
    assert _hashes(db) == _hashes(reference)


@pytest.mark.slow
def test_ctrl_c_stops_after_the_current_batch(
    corpus_dir: Path, tmp_path: Path, reference: str
) -> None:
    db_path = tmp_path / "interrupted.db"
    db = f"sqlite:///{db_path}"
    proc = subprocess.Popen(
        _ingest_cmd(corpus_dir, db, "--jobs", "2"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    _wait_for_articles(db_path, BATCH, proc)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()
    assert "interrupted: stopped after" in err.decode()
    assert "Traceback" not in err.decode()
    with Archive(db) as arc, arc.sessions() as s:
        run = s.scalars(select(m.IngestRun)).one()
        assert run.status == "interrupted"
        assert run.added == _counts(db)["articles"]
    rerun = subprocess.run(_ingest_cmd(corpus_dir, db), capture_output=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert _counts(db) == _counts(reference)


def test_locked_database_ends_with_a_clear_message(tmp_path: Path) -> None:
    db_path = tmp_path / "locked.db"
    db = f"sqlite:///{db_path}"
    write(tmp_path / "in" / "a.txt", "Headline\n\nBody of the article.\n")
    Archive(db).close()
    holder = sqlite3.connect(db_path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "archive", "ingest", str(tmp_path / "in"), "--db", db],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "ARCHIVE_SQLITE_BUSY_TIMEOUT": "0.5"},
        )
    finally:
        holder.rollback()
        holder.close()
    assert proc.returncode == 1
    assert "database is locked" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert _counts(db)["articles"] == 0


def test_disk_full_rolls_back_the_batch(tmp_path: Path, corpus_dir: Path) -> None:
    db = f"sqlite:///{tmp_path / 'full.db'}"
    with Archive(db) as arc:

        @event.listens_for(arc.engine, "connect")
        def _cap(dbapi_conn: sqlite3.Connection, _rec: object) -> None:
            # SQLite reports a page cap exactly as it reports a full disk (SQLITE_FULL).
            dbapi_conn.execute("PRAGMA max_page_count=400")

        arc.engine.dispose()
        with pytest.raises(StoreError, match="full") as info:
            arc.ingest([corpus_dir], batch_size=BATCH)
        assert "rolled back" in str(info.value)
    stored = _counts(db)["articles"]
    assert stored % BATCH == 0 and stored < N_ARTICLES


@pytest.mark.slow
def test_readers_work_while_an_ingest_writes(corpus_dir: Path, tmp_path: Path) -> None:
    db_path = tmp_path / "busy.db"
    db = f"sqlite:///{db_path}"
    Archive(db).close()
    proc = subprocess.Popen(
        _ingest_cmd(corpus_dir, db, "--jobs", "1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    errors: list[BaseException] = []
    seen: list[int] = []

    def read_loop() -> None:
        try:
            with Archive(db) as arc:
                while proc.poll() is None:
                    seen.append(arc.stats().articles)
                    arc.search(text="said", limit=5)
                    time.sleep(0.01)
        except BaseException as exc:  # the test fails on any error a reader meets
            errors.append(exc)

    readers = [threading.Thread(target=read_loop) for _ in range(2)]
    for t in readers:
        t.start()
    proc.wait(timeout=600)
    for t in readers:
        t.join()
    assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
    assert not errors, errors
    assert seen == sorted(seen) or max(seen) <= N_ARTICLES
    assert len(seen) > 3


@pytest.mark.slow
def test_two_ingests_at_once_store_each_article_once(
    corpus_dir: Path, db_url: str, tmp_path: Path
) -> None:
    if db_url.startswith("sqlite"):
        db_url = f"sqlite:///{tmp_path / 'twice.db'}"
    Archive(db_url).close()
    procs = [
        subprocess.Popen(
            _ingest_cmd(corpus_dir, db_url, "--jobs", "1"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for p in procs:
        p.wait(timeout=900)
        assert p.returncode == 0, p.stderr.read().decode() if p.stderr else ""
    counts = _counts(db_url)
    assert counts["articles"] == N_ARTICLES
    with Archive(db_url) as arc, arc.sessions() as s:
        runs = s.scalars(select(m.IngestRun)).all()
        assert sum(r.added for r in runs) == N_ARTICLES
        assert sum(r.added + r.duplicates for r in runs) == 2 * N_ARTICLES


def test_lost_postgresql_connection_loses_no_batch(
    corpus_dir: Path, db_url: str, tmp_path: Path
) -> None:
    if db_url.startswith("sqlite"):
        pytest.skip("a PostgreSQL connection is what gets lost here")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from archive.config import normalize_url

    app = f"archive-lost-{os.getpid()}"
    url = make_url(normalize_url(db_url))
    url = url.update_query_dict({"application_name": app})
    killer = create_engine(normalize_url(os.environ["ARCHIVE_TEST_DATABASE_URL"]))
    killed: list[int] = []

    def kill_connections(done: int, _total: int) -> None:
        if done == 3 * BATCH + 10 and not killed:
            with killer.begin() as conn:
                killed.extend(
                    conn.execute(
                        text(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE application_name = :app"
                        ),
                        {"app": app},
                    ).scalars()
                )

    first = tmp_path / "first"
    first.mkdir()
    for p in sorted(corpus_dir.rglob("*.txt"))[: 6 * BATCH]:
        (first / p.name).write_bytes(p.read_bytes())
    with Archive(url.render_as_string(hide_password=False)) as arc:
        try:
            report = arc.ingest([first], batch_size=BATCH, on_progress=kill_connections)
            assert report.added == 6 * BATCH  # reconnected and carried on
        except StoreError as exc:
            assert "rolled back" in str(exc)
        stored = arc.stats().articles
        assert stored % BATCH == 0
        again = arc.ingest([first], batch_size=BATCH)
        assert again.failed == 0
        assert arc.stats().articles == 6 * BATCH
    killer.dispose()
    assert killed, "no connection was terminated"
