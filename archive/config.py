"""Settings: where the archive lives. Read by one function so tests can override it."""

from __future__ import annotations

from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///archive.db"


class Settings(BaseSettings):
    """`ARCHIVE_DATABASE_URL` selects the store; a bare path means a SQLite file."""

    model_config = SettingsConfigDict(env_prefix="ARCHIVE_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    # How long a SQLite writer waits for another writer's lock before giving up.
    sqlite_busy_timeout: float = 30.0


def get_settings() -> Settings:
    """Current settings from the environment (read anew each call; cheap and test-friendly)."""
    return Settings()


def normalize_url(url: str | None) -> str:
    """Accept SQLAlchemy URLs, plain file paths, and `postgresql://` URLs (psycopg 3 driver)."""
    if not url:
        url = get_settings().database_url
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url
