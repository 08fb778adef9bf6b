"""`archive reextract`: stored articles brought up to the current extractor, a batch at a time.

An archive is made stale by ingesting with an "old extractor" (the real one, minus its last
quote and claim and plus a source no current rule finds, stamped "0.3.0"); reextract must
leave it as a fresh ingest of the same files with the current extractor would be.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from archive import Archive
from archive import models as m
from archive.cli import app
from archive.errors import StoreError
from archive.extract import extract_article, extractor_version
from archive.ingest import pipeline
from archive.schemas import ExtractedArticle, Source
from archive.store import Writer
from tests.conftest import write

OLD = "0.3.0"

_ARTICLES = {
    "rt/aleppo.txt": (
        "Rebels agree to leave eastern Aleppo\n\n"
        "ALEPPO, Syria (Reuters) - Rebels will leave eastern Aleppo under a deal brokered by "
        "Russia and Turkey, officials said on Tuesday.\n\n"
        '"We will not abandon the people of this city," said Staffan de Mistura, the U.N. '
        "envoy for Syria.\n\n"
        "De Mistura told reporters in Geneva that 5,000 people had been evacuated.\n"
    ),
    "rt/geneva.txt": (
        "Talks on Syria resume in Geneva\n\n"
        "GENEVA (AP) - Talks on the future of Syria resumed in Geneva on Monday.\n\n"
        '"This is the last chance for peace," Staffan de Mistura said.\n\n'
        "Sergei Lavrov, the Russian foreign minister, said Moscow would back the talks.\n"
    ),
    "rt/berlin.txt": (
        "Merkel defends refugee policy\n\n"
        "BERLIN - Angela Merkel on Wednesday defended her refugee policy in a speech in Berlin.\n\n"
        '"We will manage this," Merkel told members of parliament.\n\n'
        "Critics in Bavaria said more than 10,000 people had arrived in a week.\n"
    ),
    "bb/paris.txt": (
        "France raises security level\n\n"
        "PARIS - France raised its security level after attacks in Paris, the interior "
        "ministry said.\n\n"
        '"The threat is real and it is high," said Bernard Cazeneuve, the interior minister.\n\n'
        "Angela Merkel said Germany stood with France.\n"
    ),
    "bb/kiev.txt": (
        "Ukraine and Russia agree to talks\n\n"
        "KIEV, Ukraine - Ukraine and Russia agreed to new talks in Minsk, Petro Poroshenko "
        "said on Friday.\n\n"
        '"We want peace, but not at any price," Poroshenko told reporters in Kiev.\n\n'
        "Sergei Lavrov said about 300 observers would watch the ceasefire.\n"
    ),
}
_META = (
    "filename,published\n"
    "aleppo.txt,2016-12-13\n"
    "geneva.txt,2017-02-20\n"
    "berlin.txt,2016-01-13\n"
    "paris.txt,2015-11-14\n"
    "kiev.txt,2015-02-06\n"
)


def _files(tmp_path: Path) -> dict[str, Path]:
    for name, text in _ARTICLES.items():
        write(tmp_path / "corpus" / name, text)
    return {
        "meta": write(tmp_path / "meta.csv", _META),
        "rt": tmp_path / "corpus" / "rt",
        "bb": tmp_path / "corpus" / "bb",
    }


def _old_extract(text: str, dateline: tuple[int, int, int] | None = None) -> ExtractedArticle:
    """What an older extractor made of the text: one quote and one claim fewer, and a
    source no rule of today finds ("Old Rule Person", shared by every article)."""
    e = extract_article(text, dateline)
    e.quotes = e.quotes[:-1]
    e.claims = [c for c in e.claims[:-1] if c.quote is None or c.quote < len(e.quotes)]
    e.sources.append(Source(id="S99", name="Old Rule Person", kind="person", mentions=[(0, 3)]))
    return e


def _ingest(arc: Archive, files: dict[str, Path]) -> None:
    for outlet in ("rt", "bb"):
        report = arc.ingest([files[outlet]], outlet=outlet.upper(), metadata=files["meta"])
        assert report.added == 2 if outlet == "bb" else report.added == 3, report.failures


def _stale(url: str, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> Archive:
    with monkeypatch.context() as mp:
        mp.setattr(pipeline, "extract_article", _old_extract)
        mp.setattr(pipeline, "extractor_version", lambda: OLD)
        arc = Archive(url)
        _ingest(arc, files)
    return arc


def _snapshot(arc: Archive) -> dict[str, Any]:
    """What a user reads of the extraction, by article title and source name (ids differ
    between archives)."""
    st = arc.stats()
    return {
        "quotes": sorted((q.title, q.source, q.text, q.start, q.end, q.cue) for q in arc.quotes()),
        "claims": sorted(
            (c.title, c.kind, c.act, c.source or "", c.content, c.start, c.end, c.cue or "")
            for c in arc.claims()
        ),
        "sources": sorted(
            (s.name, s.kind, tuple(s.aliases), s.articles, s.quotes) for s in arc.sources()
        ),
        "places": sorted((p.name, p.geonameid or 0, p.articles, p.mentions) for p in arc.places()),
        "counts": {
            k: getattr(st, k)
            for k in ("sources", "source_mentions", "quotes", "claims", "quantities")
        }
        | {"place_mentions": st.place_mentions},
    }


def _version_of(arc: Archive, article_id: int) -> str | None:
    with arc.sessions() as s:
        return s.scalar(select(m.Article.extractor_version).where(m.Article.id == article_id))


def _versions(arc: Archive) -> dict[str, int]:
    return {c.key: c.count for c in arc.stats().extractor_versions}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return _files(tmp_path)


@pytest.fixture
def fresh(files: dict[str, Path], tmp_path: Path) -> dict[str, Any]:
    """What a fresh ingest of the same files with the current extractor stores (SQLite:
    the comparison is of content, the backend under test is the stale archive's)."""
    with Archive(f"sqlite:///{tmp_path / 'fresh.db'}") as arc:
        _ingest(arc, files)
        return _snapshot(arc)


def test_version_is_a_fingerprint_stored_on_articles(db_url: str, files: dict[str, Path]) -> None:
    version = extractor_version()
    assert version.startswith("0.4.0+") and len(version) == len("0.4.0+") + 12
    int(version.split("+")[1], 16)
    with Archive(db_url) as arc:
        _ingest(arc, files)
        st = arc.stats()
    assert st.extractor_version == version
    assert _versions(arc) == {version: 5}


def test_version_follows_code_data_and_gazetteer_only(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    import archive.extract
    from archive.extract import code_fingerprint

    here = Path(archive.extract.__file__).parent
    copy = tmp_path / "extract"
    shutil.copytree(here, copy, ignore=shutil.ignore_patterns("__pycache__"))
    base = code_fingerprint(copy, "g1")
    assert base == code_fingerprint(here, "g1")  # contents, not where they are
    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert code_fingerprint(copy, "g1") == base  # caches are not code
    assert code_fingerprint(copy, "g2") != base  # another gazetteer index
    with (copy / "data" / "not_places.txt").open("a") as f:
        f.write("Springfield\n")
    changed_data = code_fingerprint(copy, "g1")
    assert changed_data != base
    with (copy / "quotes.py").open("a") as f:
        f.write("# a rule changed\n")
    assert code_fingerprint(copy, "g1") not in (base, changed_data)
    # every process of one installation agrees
    other = subprocess.run(
        [sys.executable, "-c", "from archive.extract import EXTRACTOR_VERSION as v; print(v)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert other.stdout.strip() == extractor_version()


def test_stored_dateline_is_found_where_parsing_found_it(files: dict[str, Path]) -> None:
    from archive.ingest.parse import parse_document, stored_dateline_span
    from archive.ingest.readers import text_document

    spans = []
    for path in sorted((files["rt"].parent).rglob("*.txt")):
        parsed = parse_document(text_document(path, path.read_bytes()))
        spans.append(parsed.dateline_span)
        assert stored_dateline_span(parsed.text, parsed.dateline) == parsed.dateline_span
    assert sum(s is not None for s in spans) == 5  # every test article opens with one
    assert stored_dateline_span("Title\n\nBody text.", "ALEPPO") is None


def test_stale_articles_match_a_fresh_ingest(
    db_url: str, files: dict[str, Path], fresh: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with _stale(db_url, files, monkeypatch) as arc:
        before = _snapshot(arc)
        assert before != fresh
        assert "Old Rule Person" in {s[0] for s in before["sources"]}
        assert _versions(arc) == {OLD: 5}
        report = arc.reextract()
        assert (report.selected, report.done, report.failed) == (5, 5, 0)
        assert report.sources_removed >= 1
        assert _snapshot(arc) == fresh
        assert _versions(arc) == {extractor_version(): 5}
        with arc.sessions() as s:  # the orphan's words went with it
            assert not s.scalars(select(m.SourceWord).where(m.SourceWord.word == "old")).all()
        again = arc.reextract()  # idempotent: nothing is stale any more
        assert (again.selected, again.done, again.sources_removed) == (0, 0, 0)
        assert _snapshot(arc) == fresh


def test_shared_source_survives_and_orphan_goes(
    db_url: str, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    with _stale(db_url, files, monkeypatch) as arc:
        ids = sorted(h.id for h in arc.search())
        first = arc.reextract(ids=ids[:2])
        assert first.done == 2 and first.sources_removed == 0
        kept = {s.name: s.articles for s in arc.sources()}
        assert kept["Old Rule Person"] == 3  # still cited by the three old articles
        for aid in ids[:2]:  # the reextracted ones no longer cite it
            assert "Old Rule Person" not in {s["name"] for s in arc.article(aid).sources}
        rest = arc.reextract()
        assert rest.done == 3 and rest.sources_removed >= 1
        assert "Old Rule Person" not in {s.name for s in arc.sources()}


def test_filters_select_only_their_articles(
    db_url: str, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    new = extractor_version()

    def stamped(arc: Archive) -> set[str]:
        return {h.title for h in arc.search() if _version_of(arc, h.id) == new}

    with _stale(db_url, files, monkeypatch) as arc:
        assert arc.reextract(outlet="BB").done == 2
        assert stamped(arc) == {"France raises security level", "Ukraine and Russia agree to talks"}
        assert arc.reextract(all=True, since="2016-06-01").done == 2  # aleppo, geneva
        assert stamped(arc) >= {"Rebels agree to leave eastern Aleppo"}
        assert len(stamped(arc)) == 4
        assert arc.reextract(until="2016-01-13").done == 1  # berlin; paris, kiev are new
        assert len(stamped(arc)) == 5
        assert arc.reextract(all=True, outlet="RT", until="2016-12-31").done == 2
        assert arc.reextract(all=True, ids=[1, 2]).done == 2


def test_failed_extraction_leaves_the_article_old_and_a_rerun_converges(
    db_url: str, files: dict[str, Path], fresh: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from archive import reextract as rx

    calls = [0]

    def flaky(text: str, dateline: tuple[int, int, int] | None = None) -> ExtractedArticle:
        calls[0] += 1
        if calls[0] == 3:
            raise RuntimeError("a rule broke")
        return extract_article(text, dateline)

    with _stale(db_url, files, monkeypatch) as arc:
        with monkeypatch.context() as mp:
            mp.setattr(rx, "extract_article", flaky)
            report = arc.reextract(batch_size=2)
        assert (report.done, report.failed) == (4, 1)
        assert "a rule broke" in report.failures[0].reason
        broken = report.failures[0].article_id
        assert _version_of(arc, broken) == OLD
        assert "Old Rule Person" in {s["name"] for s in arc.article(broken).sources}
        assert _versions(arc) == {extractor_version(): 4, OLD: 1}
        assert arc.reextract().done == 1
        assert _snapshot(arc) == fresh


def test_a_crash_mid_run_leaves_whole_articles_and_a_rerun_converges(
    db_url: str, files: dict[str, Path], fresh: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with _stale(db_url, files, monkeypatch) as arc:
        old = _by_article(arc)
        original = Writer.write_extractions
        batches = [0]

        def crash_in_second_batch(self: Writer, session: Any, stored: Any) -> None:
            batches[0] += 1
            original(self, session, stored)  # rows written, then the process "dies"
            if batches[0] == 2:
                raise OperationalError("INSERT", {}, Exception("disk I/O error"))

        with monkeypatch.context() as mp:
            mp.setattr(Writer, "write_extractions", crash_in_second_batch)
            with pytest.raises(StoreError, match="rolled back"):
                arc.reextract(batch_size=2)
        new_version = extractor_version()
        assert _versions(arc) == {new_version: 2, OLD: 3}
        now = _by_article(arc)
        for title, (version, rows) in now.items():
            if version == OLD:
                assert rows == old[title][1], title  # untouched
            else:
                assert "Old Rule Person" not in rows[0], title
        assert arc.reextract().done == 3
        assert _snapshot(arc) == fresh


def _by_article(arc: Archive) -> dict[str, tuple[str | None, Any]]:
    out = {}
    for h in arc.search():
        d = arc.article(h.id)
        rows = (
            sorted(s["name"] for s in d.sources),
            sorted((q.text, q.start) for q in d.quotes),
            sorted((c.content, c.start) for c in d.claims),
            sorted(json.dumps(p, sort_keys=True) for p in d.places),
        )
        out[d.title] = (_version_of(arc, h.id), rows)
    return out


def test_jobs_give_the_same_archive(
    db_url: str, files: dict[str, Path], fresh: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with _stale(db_url, files, monkeypatch) as arc:
        report = arc.reextract(jobs=2, batch_size=2)
        assert (report.done, report.failed) == (5, 0)
        assert _snapshot(arc) == fresh


def test_cli_reextract_json_and_stats(
    db_url: str, files: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _stale(db_url, files, monkeypatch).close()
    runner = CliRunner()
    res = runner.invoke(app, ["reextract", "--db", db_url, "--ids", "1,2", "--json", "--jobs", "1"])
    assert res.exit_code == 0, res.output
    summary = json.loads(res.stdout)
    assert summary["version"] == extractor_version()
    assert (summary["selected"], summary["reextracted"], summary["failed"]) == (2, 2, 0)
    res = runner.invoke(app, ["stats", "--db", db_url])
    assert res.exit_code == 0, res.output
    assert "extractor versions" in res.stdout and OLD in res.stdout
    assert f"{extractor_version()} (current)" in res.stdout
    res = runner.invoke(app, ["reextract", "--db", db_url, "--ids", "1,x"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["reextract", "--db", db_url, "--since", "yesterday"])
    assert res.exit_code == 2 and "since" in res.output


def test_an_interrupted_run_stops_whole_and_resumes(
    db_url: str, files: dict[str, Path], fresh: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    with _stale(db_url, files, monkeypatch) as arc:

        def ctrl_c_after_three(done: int, selected: int) -> None:
            if done == 3:
                raise KeyboardInterrupt

        report = arc.reextract(batch_size=2, on_progress=ctrl_c_after_three)
        assert report.interrupted and report.done == 2  # the first batch; the third is old
        assert _versions(arc) == {extractor_version(): 2, OLD: 3}
        resumed = arc.reextract(batch_size=2)
        assert (resumed.selected, resumed.done, resumed.interrupted) == (3, 3, False)
        assert _snapshot(arc) == fresh


_KILLED_IN_SECOND_BATCH = """
import os, signal, sys
from archive import Archive
from archive.store import Writer

original = Writer.write_extractions
batches = [0]


def write_then_die(self, session, stored):
    batches[0] += 1
    original(self, session, stored)
    if batches[0] == 2:  # the second batch's rows are written, not committed
        os.kill(os.getpid(), signal.SIGKILL)


Writer.write_extractions = write_then_die
Archive(sys.argv[1]).reextract(batch_size=2)
"""


def test_a_killed_process_leaves_whole_articles_and_a_rerun_converges(
    db_url: str, files: dict[str, Path], fresh: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal
    import subprocess
    import sys

    _stale(db_url, files, monkeypatch).close()
    with Archive(db_url) as arc:
        old = _by_article(arc)
    done = subprocess.run(
        [sys.executable, "-c", _KILLED_IN_SECOND_BATCH, db_url], capture_output=True, text=True
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    with Archive(db_url) as arc:
        assert _versions(arc) == {extractor_version(): 2, OLD: 3}
        for title, (version, rows) in _by_article(arc).items():
            if version == OLD:
                assert rows == old[title][1], title
        assert arc.reextract().done == 3
        assert _snapshot(arc) == fresh
