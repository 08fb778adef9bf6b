"""archive: a news-article corpus archive.

Ingest article text files into SQLite or PostgreSQL, extract who is quoted saying what and
which places are named, query the result and export datasets. `Archive` is the entry point;
`extract_article` runs extraction alone, without a database.
"""

from archive._version import __version__
from archive.core import Archive, Stats
from archive.errors import (
    ArchiveError,
    ConfigError,
    ExportError,
    IngestError,
    NoArchiveError,
    NotFoundError,
    QueryError,
    QueryTimeout,
    StoreError,
)
from archive.extract import extract_article
from archive.schemas import (
    Claim,
    ExtractedArticle,
    ParsedArticle,
    Place,
    Quantity,
    Quote,
    Source,
)

__all__ = [
    "Archive",
    "ArchiveError",
    "Claim",
    "ConfigError",
    "ExportError",
    "ExtractedArticle",
    "IngestError",
    "NoArchiveError",
    "NotFoundError",
    "ParsedArticle",
    "Place",
    "Quantity",
    "QueryError",
    "QueryTimeout",
    "Quote",
    "Source",
    "Stats",
    "StoreError",
    "__version__",
    "extract_article",
]
