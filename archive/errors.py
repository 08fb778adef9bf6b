"""The error hierarchy: messages a user can act on, turned into one clean CLI line."""

from __future__ import annotations


class ArchiveError(Exception):
    """Base of every error `archive` raises on purpose."""


class ConfigError(ArchiveError):
    """A setting (database URL, option) cannot be used."""


class IngestError(ArchiveError):
    """One input file cannot become an article; names the file and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(ArchiveError):
    """The database refused or lost a write; the batch in flight was rolled back."""


class QueryError(ArchiveError):
    """A query filter or full-text expression is malformed or names nothing known."""
