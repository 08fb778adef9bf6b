"""The error hierarchy: messages a user can act on, turned into one clean line by every door.

```
ArchiveError
├── ConfigError        a setting or option cannot be used           CLI exit 2, HTTP 500
│   └── NoArchiveError   a read command named a store that is not there   CLI exit 2
├── QueryError         a filter, cursor or page size is malformed    CLI exit 2, HTTP 400
│   └── NotFoundError    an article or source id that does not exist  CLI exit 2, HTTP 404
├── IngestError        one input cannot become an article (named, the batch goes on)
├── ExportError        an export or import cannot proceed            CLI exit 1
└── StoreError         the database refused or failed                CLI exit 1, HTTP 503
    └── QueryTimeout     a query ran past its deadline               HTTP 503
```
The doors map classes, never message text, to exit codes and statuses (`exit_code`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

# DESIGN 4.2: 0 success, 1 some inputs failed (or the store failed), 2 usage error.
EXIT_FAILED = 1
EXIT_USAGE = 2


class ArchiveError(Exception):
    """Base of every error `archive` raises on purpose."""

    exit_code = EXIT_FAILED


class ConfigError(ArchiveError):
    """A setting (database URL, option) cannot be used."""

    exit_code = EXIT_USAGE


class NoArchiveError(ConfigError):
    """A command that only reads was pointed at a store that does not exist (a typo in
    `--db` must not silently create an empty archive and answer "no matches")."""

    def __init__(self, where: str) -> None:
        super().__init__(
            f"no archive at {where}: check --db / ARCHIVE_DATABASE_URL, "
            "or create one with `archive init` or `archive ingest`"
        )
        self.where = where


class IngestError(ArchiveError):
    """One input file cannot become an article; names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(ArchiveError):
    """The database refused or lost a write, or failed a read; a batch in flight was rolled
    back."""


class QueryTimeout(StoreError):
    """A query ran past the deadline its caller set (the HTTP API's per-request limit)."""


class QueryError(ArchiveError):
    """A query filter, cursor or page size is malformed or names nothing known."""

    exit_code = EXIT_USAGE


class NotFoundError(QueryError):
    """An id (article, source) that the archive does not hold."""


class ExportError(ArchiveError):
    """An export or import cannot proceed (bad folder, unknown table, broken package)."""


def database_message(exc: BaseException) -> str:
    """The driver's own message on one line, without SQLAlchemy's statement dump."""
    orig = getattr(exc, "orig", None) or exc
    return " ".join(str(orig).split())[:300]


def _is_cancelled(exc: BaseException) -> bool:
    """The database stopped the statement on request: SQLite's progress handler returned
    non-zero ("interrupted"), or PostgreSQL's statement_timeout fired (QueryCanceled)."""
    orig = getattr(exc, "orig", None)
    if orig is None:
        return False
    if type(orig).__name__ == "QueryCanceled":
        return True
    return type(orig).__module__ == "sqlite3" and "interrupted" in str(orig)


@contextlib.contextmanager
def store_errors(doing: str) -> Iterator[None]:
    """Turn SQLAlchemy's errors raised inside the block into `StoreError` / `QueryTimeout`,
    so no door has to know SQLAlchemy or match message text."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        yield
    except SQLAlchemyError as exc:
        if _is_cancelled(exc):
            raise QueryTimeout(f"{doing}: the query was stopped at its time limit") from exc
        raise StoreError(f"{doing}: database: {database_message(exc)}") from exc
