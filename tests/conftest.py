"""Fixtures: a fresh archive per test on SQLite, and on PostgreSQL when
ARCHIVE_TEST_DATABASE_URL is set (each test gets its own schema, dropped afterwards)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from archive.config import normalize_url

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _find_shared() -> Path:
    """The shared corpora and scorers: beside the checkout, or where ARCHIVE_SHARED_DIR says."""
    candidates = [os.environ.get("ARCHIVE_SHARED_DIR"), REPO.parent / "shared"]
    for c in candidates:
        if c and (Path(c) / "eval").is_dir():
            return Path(c)
    return REPO.parent / "shared"


SHARED = _find_shared()

_PG = os.environ.get("ARCHIVE_TEST_DATABASE_URL")
# PostgreSQL variants are always collected, and reported as skipped where no server is set:
# a run without one must say what it did not test.
BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not _PG, reason="ARCHIVE_TEST_DATABASE_URL is not set"),
    ),
]


def _pg_schema_url(schema: str) -> str:
    assert _PG
    url = make_url(normalize_url(_PG))
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


@contextmanager
def empty_database(backend: str, tmp_path: Path, name: str = "archive") -> Iterator[str]:
    """An empty database for the duration of the block: SQLite file or PostgreSQL schema."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / f'{name}.db'}"
        return
    assert _PG
    schema = f"archive_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalize_url(_PG))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database: a SQLite file, or a fresh PostgreSQL schema."""
    with empty_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def archive(db_url: str) -> Iterator[object]:
    """An open, empty Archive on each backend."""
    from archive import Archive

    with Archive(db_url) as arc:
        yield arc


def write(path: Path, content: str | bytes) -> Path:
    """Write a test file, creating folders; bytes are written as they are."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def requires_shared() -> pytest.MarkDecorator:
    """Skip where ../shared is absent (a clone elsewhere); in CI it is present."""
    return pytest.mark.skipif(not SHARED.is_dir(), reason="../shared corpora not present")
