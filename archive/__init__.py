"""archive: a news-article corpus archive."""

__version__ = "0.1.0"
