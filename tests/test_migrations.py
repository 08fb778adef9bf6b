"""Migrations: an empty database upgrades to head, matches the models, and round-trips."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from archive import Archive
from archive.db import current_revision, head_revision, include_object, make_engine, upgrade
from archive.models import Base
from archive.query import source_ids_matching

EXPECTED_TABLES = {
    "articles",
    "claims",
    "ingest_failures",
    "ingest_runs",
    "outlets",
    "place_mentions",
    "places",
    "quantities",
    "quotes",
    "source_mentions",
    "source_words",
    "sources",
}


def test_upgrade_from_empty_creates_every_table(db_url: str) -> None:
    engine = make_engine(db_url)
    assert current_revision(engine) is None
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) >= EXPECTED_TABLES
    engine.dispose()


def test_models_match_migrations(db_url: str) -> None:
    """What `alembic check` verifies: no difference between models and migrated schema."""
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    assert diff == []


def test_opening_an_archive_upgrades_it(db_url: str) -> None:
    with Archive(db_url) as arc:
        assert current_revision(arc.engine) == head_revision()
    # opening again is a no-op on a current store
    with Archive(db_url) as arc:
        assert arc.stats().articles == 0


def test_downgrade_to_base_and_back(db_url: str) -> None:
    engine = make_engine(db_url)
    upgrade(engine)
    upgrade_down(engine)
    assert not EXPECTED_TABLES & set(inspect(engine).get_table_names())
    upgrade(engine)
    assert set(inspect(engine).get_table_names()) >= EXPECTED_TABLES
    engine.dispose()


def upgrade_down(engine: object) -> None:
    from alembic import command

    from archive.db import alembic_config

    command.downgrade(alembic_config(engine), "base")  # type: ignore[arg-type]


def test_sqlite_pragmas(tmp_path: object) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/p.db")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


def test_upgrade_from_previous_revision_keeps_every_row(db_url: str) -> None:
    """An archive made by the first schema, filled, then upgraded, loses nothing."""
    from sqlalchemy import text

    engine = make_engine(db_url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO outlets (id, name) VALUES (1, 'RT')"))
        conn.execute(
            text(
                "INSERT INTO articles (id, content_hash, title, text, outlet_id, version, "
                "ingested_at, word_count) VALUES (1, 'h1', 'T', 'T\n\nBody in Aleppo.', 1, 1, "
                "'2016-10-30 00:00:00', 4)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO places (id, geonameid, name, country_code, admin1, population) "
                "VALUES (1, 170063, 'Aleppo', 'SY', '09', 1602264)"
            )
        )
        conn.execute(
            text(
                'INSERT INTO place_mentions (id, article_id, place_id, start, "end", text, '
                "embedded, demonym) VALUES (1, 1, 1, 11, 17, 'Aleppo', false, false)"
            )
        )
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    with engine.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM articles")).scalar() == 1
        row = conn.execute(
            text("SELECT name, population, admin2 FROM places WHERE geonameid = 170063")
        ).one()
        assert tuple(row) == ("Aleppo", 1602264, None)
        # the widened column takes continent-sized numbers now
        conn.execute(text("UPDATE places SET population = 4600000000 WHERE id = 1"))
        assert conn.execute(text("SELECT population FROM places")).scalar() == 4_600_000_000
    with Archive(db_url) as arc:
        assert [h.title for h in list(arc.search(place="Syria"))] == ["T"]
    engine.dispose()


def test_sources_stored_before_the_word_index_are_found_by_name(db_url: str) -> None:
    # An archive at revision 0004 holds sources but no source_words; upgrading fills the
    # index, so "quotes by de Mistura" keeps working on an archive made before it.
    engine = make_engine(db_url)
    upgrade(engine, "0004")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sources (id, key, name, kind, aliases) VALUES "
                "(1, 'staffan de mistura', 'Staffan de Mistura', 'person', '[]'), "
                "(2, 'sana', 'SANA', 'media', '[]')"
            )
        )
    upgrade(engine)
    engine.dispose()
    with Archive(db_url) as arc, arc.sessions() as session:
        assert source_ids_matching(session, "de Mistura") == [1]
        assert source_ids_matching(session, "SANA") == [2]


def test_sources_stored_under_old_keys_are_merged_into_one_identity(db_url: str) -> None:
    # Before 0007 "Donald J. Trump" and "Donald Trump" were two sources, and the WHO was not
    # found by its acronym; upgrading merges the first pair (claims move, aliases join) and
    # leaves Donald Trump Jr., a different person, alone.
    engine = make_engine(db_url)
    upgrade(engine, "0006")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sources (id, key, name, kind, aliases) VALUES "
                "(1, 'donald trump', 'Donald Trump', 'person', '[\"Donald Trump\"]'), "
                "(2, 'donald j trump', 'Donald J. Trump', 'person', '[\"Donald J. Trump\"]'), "
                "(3, 'donald trump jr', 'Donald Trump Jr.', 'person', '[]'), "
                "(4, 'world health organisation', 'World Health Organisation', "
                "'organization', '[]')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO source_words (word, source_id) VALUES ('donald', 1), ('trump', 1), "
                "('donald', 2), ('j', 2), ('trump', 2), ('donald', 3), ('trump', 3), "
                "('jr', 3), ('world', 4), ('health', 4), ('organisation', 4)"
            )
        )
        conn.execute(
            text(
                "INSERT INTO articles (id, content_hash, title, text, version, word_count, "
                "encoding, ingested_at) VALUES (1, 'h1', 't', 'Donald J. Trump said so.', 1, 5, "
                "'utf-8', CURRENT_TIMESTAMP)"
            )
        )
        conn.execute(
            text(
                'INSERT INTO claims (id, article_id, source_id, kind, content, start, "end") '
                "VALUES (1, 1, 2, 'indirect', 'so', 21, 23)"
            )
        )
    upgrade(engine)
    with engine.connect() as conn:
        keys = dict(conn.execute(text("SELECT id, key FROM sources")).all())
        assert keys == {1: "donald trump", 3: "donald trump jr", 4: "world health organization"}
        assert conn.execute(text("SELECT source_id FROM claims")).scalar() == 1
    engine.dispose()
    with Archive(db_url) as arc, arc.sessions() as session:
        # the name as any article wrote it finds the merged row (and, by its words, the son)
        assert source_ids_matching(session, "Donald J. Trump") == [1, 3]
        assert source_ids_matching(session, "WHO") == [4]
