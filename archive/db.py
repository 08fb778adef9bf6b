"""Engine, sessions and schema upgrades: the one place that knows how to open a store.

SQLite gets WAL (readers keep working while an ingest writes), enforced foreign keys and a busy
timeout; PostgreSQL goes through psycopg 3. Opening an archive upgrades it to the newest
Alembic revision, so a user never runs migrations by hand.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from archive.config import get_settings, normalize_url
from archive.errors import ConfigError, StoreError

_upgrade_lock = threading.Lock()


def migrations_dir() -> Path:
    """The Alembic scripts: top-level `migrations/` in a checkout, packaged copy in a wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "migrations", here / "_migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise ConfigError("Alembic migrations not found next to the archive package")


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """Create an engine for a database URL (or path), with the pragmas our store relies on."""
    full = normalize_url(url)
    try:
        parsed = make_url(full)
    except ArgumentError as exc:
        raise ConfigError(f"not a database URL: {full!r}") from exc
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            parent = Path(database).expanduser().resolve().parent
            if not parent.is_dir():
                raise ConfigError(f"cannot create the archive: folder {parent} does not exist")
        kwargs.setdefault("connect_args", {"timeout": get_settings().sqlite_busy_timeout})
    elif parsed.get_backend_name() == "postgresql":
        kwargs.setdefault("pool_pre_ping", True)
    else:
        raise ConfigError(
            f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL"
        )
    try:
        engine = create_engine(parsed, **kwargs)
    except (ArgumentError, ImportError) as exc:
        raise ConfigError(f"cannot use database URL {full!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={int(get_settings().sqlite_busy_timeout * 1000)}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for this engine; callers own transactions (`with factory.begin() as s:`)."""
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config(engine: Engine | None = None) -> Any:
    """An Alembic Config pointing at our scripts; the engine is handed to env.py directly."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if engine is not None:
        cfg.attributes["engine"] = engine
    return cfg


def current_revision(engine: Engine) -> str | None:
    """The revision the store is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    """The newest revision our migration scripts define."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the store's schema to `revision` (default the newest)."""
    from alembic import command

    with _upgrade_lock:
        try:
            command.upgrade(alembic_config(engine), revision)
        except OperationalError as exc:
            raise StoreError(f"cannot upgrade the archive schema: {exc.orig}") from exc


def ensure_schema(engine: Engine) -> None:
    """Upgrade to head when needed; cheap when the store is already current."""
    try:
        if current_revision(engine) == head_revision():
            return
    except OperationalError as exc:
        raise StoreError(f"cannot open the archive: {exc.orig}") from exc
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open the archive: {exc}") from exc
    upgrade(engine)


# Full-text objects live outside the ORM (FTS5 virtual tables, a generated tsvector column):
# the migrations create them and autogenerate must neither drop nor recreate them.
_FULLTEXT_PREFIX = "articles_fts"
_FULLTEXT_NAMES = frozenset({"search_vector", "ix_articles_search_vector"})


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic filter: compare everything except the full-text objects."""
    return not (name and (name.startswith(_FULLTEXT_PREFIX) or name in _FULLTEXT_NAMES))


def table_names(engine: Engine) -> list[str]:
    """Tables present in the store (used by `archive stats` and tests)."""
    return sorted(inspect(engine).get_table_names())


def refresh_statistics(session: Session, *, added: int, total: int) -> None:
    """Let the planner see rows just loaded; the caller commits.

    Filter plans depend on table statistics (which index to read, which side of a join to
    start from). SQLite: `PRAGMA optimize` analyzes only tables whose statistics are stale,
    with a bounded cost. PostgreSQL's autovacuum analyzes too, but a minute or more later,
    and until then a freshly loaded archive answers a combined filter in a second instead of
    milliseconds; so a load that grew the archive by a tenth or more is analyzed at once.
    """
    name = session.get_bind().dialect.name
    if name == "sqlite":
        session.execute(text("PRAGMA analysis_limit=1000"))
        session.execute(text("PRAGMA optimize=0x10002"))
    elif name == "postgresql" and added and added * 10 >= total:
        from archive.models import Base

        tables = ", ".join(f'"{t}"' for t in Base.metadata.tables)
        session.execute(text(f"ANALYZE {tables}"))
