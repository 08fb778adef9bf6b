"""Place search accepts any spelling of a place, on SQLite and PostgreSQL.

Articles written for this test in the way Syrian-war reporting spells Deir ez-Zor; a search
in any of its romanisations finds the same articles, and a name no gazetteer spelling
matches says which names are nearest.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from archive import Archive
from archive.query import QueryError
from tests.conftest import write


def _ingest(archive: Archive, tmp_path: Path) -> None:
    texts = {
        "a.txt": "Convoy reaches city\n\nAn aid convoy reached Deir ez-Zor on Monday, "
        "Syrian state media said.\n",
        "b.txt": "Siege lifted\n\nSyrian troops broke the siege of Deir Ezzor after three "
        "years, the army said.\n",
        "c.txt": "Talks in Geneva\n\nDelegates met in Geneva, Switzerland, on Tuesday.\n",
    }
    for name, text in texts.items():
        write(tmp_path / "in" / name, text)
    archive.ingest([tmp_path / "in"])


def test_every_spelling_finds_the_same_articles(archive: Archive, tmp_path: Path) -> None:
    _ingest(archive, tmp_path)

    def found(place: str) -> list[str]:
        return sorted(Path(a.source_path).name for a in archive.search(place=place))

    assert found("Deir ez-Zor") == ["a.txt", "b.txt"]
    for spelling in ("deir ezzor", "Dayr az Zawr", "Deir el-Zour", "DEIR AL-ZOR"):
        assert found(spelling) == ["a.txt", "b.txt"], spelling


def test_unknown_place_suggests_the_nearest_names(archive: Archive, tmp_path: Path) -> None:
    _ingest(archive, tmp_path)
    with pytest.raises(QueryError, match=r"unknown place 'Dier Zor'.*did you mean Deir ez-Zor"):
        archive.search(place="Dier Zor")
    with pytest.raises(QueryError, match=r"unknown place 'Qwxzq'") as err:
        archive.search(place="Qwxzq")
    assert "did you mean" not in str(err.value)
