"""Writing to the store: articles and everything extracted from them, one batch per transaction.

This is the only module that turns extraction output into rows. A batch is written inside the
caller's transaction with bulk Core inserts (the ORM unit of work is for editing, not loading),
and every insert that could race with another writer uses ON CONFLICT DO NOTHING on the
natural key, so two ingests into one PostgreSQL archive store each article and source once.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sqlalchemy import FromClause, Table, delete, false, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from archive import models as m
from archive.extract.lexicon import GENERIC_SOURCE_NOUNS, INSTITUTION_WORDS
from archive.schemas import ExtractedArticle, ParsedArticle, Place

_NON_WORD = re.compile(r"[^\w]+")


# Words that stand before a name without being part of it: courtesy titles and "the".
_KEY_LEADERS = frozenset({"the", "mr", "mrs", "ms", "miss", "mx", "dr", "sir"})
# British and American spellings of institution words, folded to one ("World Health
# Organisation" / "Organization").
_KEY_SPELLINGS = ((re.compile(r"isation\b"), "ization"), (re.compile(r"\bcentre\b"), "center"))


@lru_cache(maxsize=65_536)
def source_key(name: str) -> str:
    """Normalized identity of a source across the archive.

    Case, accents, punctuation and a possessive are folded ("STAFFAN DE MISTURA’s"); so are
    what news writes around the same name: a leading "the" or courtesy title ("Mr. Trump",
    "the White House"), one middle initial ("Donald J. Trump") and British spellings
    ("Organisation"). Two middle initials stay ("George H. W. Bush" is not "George W. Bush"),
    and so does "Jr." (Donald Trump Jr. is not his father).
    """
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).casefold()
    folded = re.sub(r"['’]s\b", "", folded)
    words = _NON_WORD.sub(" ", folded).split()
    while len(words) > 1 and words[0] in _KEY_LEADERS:
        words.pop(0)
    initials = [i for i, w in enumerate(words[1:-1], 1) if len(w) == 1 and w.isalpha()]
    if len(initials) == 1:
        words.pop(initials[0])
    key = " ".join(words)
    for rx, repl in _KEY_SPELLINGS:
        key = rx.sub(repl, key)
    return key


# Function words an acronym skips ("Centers for Disease Control" -> CDC).
_ACRONYM_SKIP = frozenset({"of", "for", "the", "and", "on", "to", "in", "de", "du", "des"})


def key_acronyms(key: str) -> set[str]:
    """The acronyms an institution's key is written as ("world health organization" -> "who";
    "centers for disease control and prevention" -> "cdcp" and "cdc"). Only names holding an
    institution word have them: initials of a person's name are not how news names people."""
    words = key.split()
    if not any(w in INSTITUTION_WORDS for w in words):
        return set()
    out = set()
    parts = [words]
    if "and" in words:
        parts.append(words[: len(words) - 1 - words[::-1].index("and")])
    for part in parts:
        content = [w for w in part if w not in _ACRONYM_SKIP]
        if len(content) >= 2:
            out.add("".join(w[0] for w in content))
    return out


# Words that open a description rather than a name ("a factory manager", "the senator").
_DESCRIPTION_OPENERS = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our"}
    | {"my", "your", "another", "one", "some", "several", "many", "both"}
)


def archive_source_key(name: str, content_hash: str) -> str:
    """The `sources.key` an article's source is stored under.

    A name is one source across the archive ("Staffan de Mistura" in every article that
    quotes him). A description the article could not resolve to a name ("a factory manager",
    "the senator", "a statement") is a different someone in each article, so its key carries
    the article's identity: "all quotes by a factory manager" must not merge strangers.
    A name in lower case, or a group named by a generic noun ("officials", "Analysts"), is a
    description too. "the White House", "the Associated Press" and "the Trump campaign"
    hold a name and stay shared ("a Trump aide" is still someone unnamed).
    """
    key = source_key(name) or name.casefold()
    words = name.split()
    if not any(ch.isupper() for ch in name) or (
        words and words[0].lower() in GENERIC_SOURCE_NOUNS and name[1:] == name[1:].lower()
    ):
        # "officials", "Analysts", "Critics of the plan": no name, someone described here
        return f"{key} {content_hash[:16]}"
    if (
        len(words) >= 2
        and words[0].lower() in _DESCRIPTION_OPENERS
        and (words[0].lower() != "the" or not any(w[:1].isupper() for w in words[1:]))
    ):
        return f"{key} {content_hash[:16]}"
    return key


@dataclass(slots=True)
class BatchResult:
    """What one batch did: ids of new articles and how many were already stored."""

    added_ids: list[int] = field(default_factory=list)
    duplicates: int = 0


def as_table(clause: FromClause) -> Table:
    """A model's `__table__` as the Table it is (SQLAlchemy types it as any FromClause)."""
    assert isinstance(clause, Table), clause
    return clause


def _insert(session: Session, clause: FromClause) -> Any:
    """INSERT ... ON CONFLICT DO NOTHING in the session's dialect."""
    table = as_table(clause)
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    return insert(table)


def bulk_insert(session: Session, clause: FromClause, rows: Sequence[dict[str, Any]]) -> None:
    """Plain insert of many rows (no conflict handling) inside the session's transaction.

    The rows go straight to the driver: COPY on PostgreSQL, one prepared executemany on
    SQLite. Values pass through each column type's own bind processor (JSON, dates,
    booleans), so what is stored is what a SQLAlchemy insert would store. SQLAlchemy's own
    executemany spends more of the writer's time building parameters than the database
    spends storing them; the writer is one process feeding every extraction worker.
    """
    if not rows:
        return
    table = as_table(clause)
    conn = session.connection()
    dialect = conn.dialect
    cols = [c for c in table.columns if c.name in rows[0]]
    names = [c.name for c in cols]
    procs = [c.type._cached_bind_processor(dialect) for c in cols]
    pairs = list(zip(names, procs, strict=True))

    def values(row: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(
            p(v) if p is not None and v is not None else v
            for (n, p) in pairs
            for v in (row.get(n),)
        )

    quoted = ", ".join(f'"{n}"' for n in names)
    raw: Any = conn.connection.dbapi_connection
    if dialect.name == "postgresql":
        sql = f'COPY "{table.name}" ({quoted}) FROM STDIN'
    else:
        sql = f'INSERT INTO "{table.name}" ({quoted}) VALUES ({", ".join("?" * len(names))})'
    try:
        with contextlib.closing(raw.cursor()) as cur:
            if dialect.name == "postgresql":
                with cur.copy(sql) as cp:
                    for row in rows:
                        cp.write_row(values(row))
            else:
                cur.executemany(sql, map(values, rows))
    except dialect.loaded_dbapi.Error as exc:
        # the driver's own error, wrapped as SQLAlchemy would ("database or disk is full")
        raise DBAPIError.instance(sql, None, exc, dialect.loaded_dbapi.Error) from exc


class Writer:
    """Writes batches of (parsed, extracted) articles; caches outlet and place ids it has seen.

    The caches only hold ids of rows that are committed or inside the current transaction;
    `forget()` drops them after a rollback.
    """

    def __init__(self, extractor_version: str | None = None) -> None:
        self.extractor_version = extractor_version
        self._outlets: dict[str, int] = {}
        self._places: dict[int | str, int] = {}  # by place_key

    def forget(self) -> None:
        """Drop cached ids (after a rollback they may point at rows that were never written)."""
        self._outlets.clear()
        self._places.clear()

    def write_batch(
        self,
        session: Session,
        items: Sequence[tuple[ParsedArticle, ExtractedArticle]],
        run_id: int | None = None,
    ) -> BatchResult:
        """Store a batch inside the caller's transaction; duplicates are counted, not stored."""
        result = BatchResult()
        if not items:
            return result
        take_write_lock(session)
        unique: dict[str, tuple[ParsedArticle, ExtractedArticle]] = {}
        for parsed, extracted in items:
            if parsed.content_hash in unique:
                result.duplicates += 1
            else:
                unique[parsed.content_hash] = (parsed, extracted)
        existing = set(
            session.scalars(
                select(m.Article.content_hash).where(m.Article.content_hash.in_(list(unique)))
            )
        )
        result.duplicates += len(existing)
        fresh = [pair for h, pair in unique.items() if h not in existing]
        if not fresh:
            return result
        outlet_ids = self._outlet_ids(session, {p.outlet for p, _ in fresh if p.outlet})
        previous = self._latest_versions(session, {p.path for p, _ in fresh})
        rows = []
        for parsed, _ in fresh:
            prev = previous.get(parsed.path)
            rows.append(
                {
                    "content_hash": parsed.content_hash,
                    "title": parsed.title,
                    "text": parsed.text,
                    "outlet_id": outlet_ids.get(parsed.outlet) if parsed.outlet else None,
                    "url": parsed.url,
                    "published": parsed.published,
                    "byline": parsed.author,
                    "dateline": parsed.dateline,
                    "agency": parsed.agency,
                    "raw_hash": parsed.raw_hash,
                    "crawled": parsed.crawled,
                    "language": parsed.language,
                    "source_path": parsed.path,
                    "version": prev[1] + 1 if prev else 1,
                    "previous_id": prev[0] if prev else None,
                    "encoding": parsed.encoding,
                    "extractor_version": self.extractor_version,
                    "word_count": parsed.word_count,
                    "run_id": run_id,
                }
            )
        new_ids = allocate_ids(session, m.Article, len(rows))
        for row, new_id in zip(rows, new_ids, strict=True):
            row["id"] = new_id
        session.execute(_insert(session, m.Article.__table__), rows)
        mine = set(new_ids)
        ids = {
            h: i
            for i, h in session.execute(
                select(m.Article.id, m.Article.content_hash).where(
                    m.Article.content_hash.in_([r["content_hash"] for r in rows])
                )
            )
            if i in mine
        }
        # Rows another writer stored between our check and our insert are duplicates too.
        result.duplicates += len(fresh) - len(ids)
        stored = [(ids[p.content_hash], p, e) for p, e in fresh if p.content_hash in ids]
        self._write_extractions(session, stored)
        result.added_ids = [i for i, _, _ in stored]
        return result

    def write_extractions(
        self, session: Session, stored: Sequence[tuple[int, ParsedArticle, ExtractedArticle]]
    ) -> None:
        """Store the extraction of articles already stored, given as (id, article,
        extraction), inside the caller's transaction: what `archive reextract` writes after
        removing their old rows, by the same code an ingest writes with."""
        take_write_lock(session)
        self._write_extractions(session, list(stored))

    def _outlet_ids(self, session: Session, names: set[str]) -> dict[str, int]:
        missing = [n for n in names if n not in self._outlets]
        if missing:
            session.execute(_insert(session, m.Outlet.__table__), [{"name": n} for n in missing])
            for oid, name in session.execute(
                select(m.Outlet.id, m.Outlet.name).where(m.Outlet.name.in_(missing))
            ):
                self._outlets[name] = oid
        return {n: self._outlets[n] for n in names}

    def _latest_versions(self, session: Session, paths: set[str]) -> dict[str, tuple[int, int]]:
        """Newest stored version (id, version) of each path, so a changed file links to it."""
        if not paths:
            return {}
        newest = (
            select(m.Article.source_path, func.max(m.Article.version).label("v"))
            .where(m.Article.source_path.in_(list(paths)))
            .group_by(m.Article.source_path)
            .subquery()
        )
        q = select(m.Article.source_path, m.Article.id, m.Article.version).join(
            newest,
            (m.Article.source_path == newest.c.source_path) & (m.Article.version == newest.c.v),
        )
        return {path: (aid, ver) for path, aid, ver in session.execute(q) if path is not None}

    def _write_extractions(
        self, session: Session, stored: list[tuple[int, ParsedArticle, ExtractedArticle]]
    ) -> None:
        source_ids = self._source_ids(session, [(p, e) for _, p, e in stored])
        mention_rows: list[dict[str, Any]] = []
        quote_rows: list[dict[str, Any]] = []
        for article_id, parsed, extracted in stored:
            local: dict[str, int] = {}
            for src in extracted.sources:
                sid = source_ids[archive_source_key(src.name, parsed.content_hash)]
                if sid in local.values():
                    continue  # two local entries folded to one archive source: keep the first
                local[src.id] = sid
                mention_rows.append(
                    {
                        "article_id": article_id,
                        "source_id": sid,
                        "local_id": src.id,
                        "name": src.name,
                        "role": src.roles[0] if src.roles else None,
                        "roles": list(src.roles),
                        "spans": [list(s) for s in src.mentions],
                    }
                )
            for q in extracted.quotes:
                quote_rows.append(
                    {
                        "article_id": article_id,
                        "source_id": _resolve_local(q.source, parsed, extracted, source_ids),
                        "text": q.text,
                        "start": q.start,
                        "end": q.end,
                        "cue": q.cue,
                    }
                )
        if mention_rows:
            bulk_insert(session, m.SourceMention.__table__, mention_rows)
        quote_ids = allocate_ids(session, m.Quote, len(quote_rows))
        if quote_rows:
            for row, new_id in zip(quote_rows, quote_ids, strict=True):
                row["id"] = new_id
            bulk_insert(session, m.Quote.__table__, quote_rows)
        self._write_claims(session, stored, source_ids, quote_ids)
        self._write_places(session, stored)

    def _write_claims(
        self,
        session: Session,
        stored: list[tuple[int, ParsedArticle, ExtractedArticle]],
        source_ids: dict[str, int],
        quote_ids: list[int],
    ) -> None:
        claim_rows: list[dict[str, Any]] = []
        claim_quantities: list[list[dict[str, Any]]] = []
        offset = 0
        for article_id, parsed, extracted in stored:
            for c in extracted.claims:
                quote_id = None
                if c.quote is not None and 0 <= c.quote < len(extracted.quotes):
                    quote_id = quote_ids[offset + c.quote]
                claim_rows.append(
                    {
                        "article_id": article_id,
                        "source_id": _resolve_local(c.source, parsed, extracted, source_ids),
                        "quote_id": quote_id,
                        "kind": c.kind,
                        "act": c.act,
                        "content": c.content,
                        "start": c.start,
                        "end": c.end,
                        "cue": c.cue,
                        "hedge": c.hedge,
                    }
                )
                claim_quantities.append(
                    [
                        {
                            "article_id": article_id,
                            "value": qty.value,
                            "unit": qty.unit,
                            "text": qty.text,
                            "start": qty.start,
                            "end": qty.end,
                            "qualifier": qty.qualifier,
                            "approximate": qty.approximate,
                        }
                        for qty in c.quantities
                    ]
                )
            offset += len(extracted.quotes)
        if not claim_rows:
            return
        claim_ids = allocate_ids(session, m.Claim, len(claim_rows))
        for row, new_id in zip(claim_rows, claim_ids, strict=True):
            row["id"] = new_id
        bulk_insert(session, m.Claim.__table__, claim_rows)
        qty_rows = [
            {**row, "claim_id": cid}
            for cid, rows in zip(claim_ids, claim_quantities, strict=True)
            for row in rows
        ]
        if qty_rows:
            bulk_insert(session, m.Quantity.__table__, qty_rows)

    def _source_ids(
        self, session: Session, articles: Iterable[tuple[ParsedArticle, ExtractedArticle]]
    ) -> dict[str, int]:
        """Archive-wide source ids by key, creating sources and recording new aliases.

        One identity across the archive: a person named by surname alone ("Trump", "Mr.
        Trump") is the stored person of that full name ("Donald Trump"), and an acronym
        ("WHO") the stored institution it abbreviates ("World Health Organization"); when
        the full name is stored after the short one, the short one's row is folded into it.
        Where several full names share the surname, the most quoted one (then the oldest)
        is meant, as a reader of the archive would take it.
        """
        wanted: dict[str, dict[str, Any]] = {}
        for p, e in articles:
            for src in e.sources:
                key = archive_source_key(src.name, p.content_hash)
                entry = wanted.setdefault(
                    key, {"name": src.name, "kind": src.kind, "aliases": set()}
                )
                entry["aliases"].add(src.name)
        if not wanted:
            return {}
        ids: dict[str, int] = {}
        aliases_of: dict[int, list[str]] = {}
        short = {k for k, e in wanted.items() if _short_form(k, e["name"], e["kind"])}
        full = {k: e for k, e in wanted.items() if k not in short}
        created = self._store_sources(session, full, ids, aliases_of)
        if created:
            folded = _fold_short_rows(session, [(ids[k], k, full[k]["kind"]) for k in created])
            for k, sid in list(ids.items()):
                if sid in folded:  # a row of this batch was a short form, now folded
                    ids[k] = folded[sid]
            for chunk in _chunks(sorted(set(folded.values())), 500):
                for sid, aliases in session.execute(
                    select(m.Source.id, m.Source.aliases).where(m.Source.id.in_(chunk))
                ):
                    aliases_of[sid] = aliases or []  # the folded rows' aliases joined them
        targets = _fuller_sources(session, {k: wanted[k]["kind"] for k in short})
        for k, (sid, aliases) in targets.items():
            ids[k] = sid
            aliases_of[sid] = aliases
        self._store_sources(
            session, {k: wanted[k] for k in short if k not in targets}, ids, aliases_of
        )
        adds: dict[int, set[str]] = {}
        for key, entry in wanted.items():
            adds.setdefault(ids[key], set()).update(entry["aliases"])
        for sid, names in adds.items():
            have = set(aliases_of.get(sid) or [])
            if names - have:
                session.execute(
                    update(m.Source).where(m.Source.id == sid).values(aliases=sorted(have | names))
                )
        return ids

    def _store_sources(
        self,
        session: Session,
        wanted: dict[str, dict[str, Any]],
        ids: dict[str, int],
        aliases_of: dict[int, list[str]],
    ) -> list[str]:
        """Read (and create the missing of) `wanted` sources by key; returns the created keys."""

        def read(keys: list[str]) -> None:
            for chunk in _chunks(keys, 500):
                for sid, key, aliases in session.execute(
                    select(m.Source.id, m.Source.key, m.Source.aliases).where(
                        m.Source.key.in_(chunk)
                    )
                ):
                    ids[key], aliases_of[sid] = sid, aliases or []

        if not wanted:
            return []
        read(list(wanted))
        missing = [k for k in wanted if k not in ids]
        if missing:
            # ON CONFLICT DO NOTHING: a concurrent ingest may store the same source first
            session.execute(
                _insert(session, m.Source.__table__),
                [
                    {
                        "key": k,
                        "name": wanted[k]["name"],
                        "kind": wanted[k]["kind"],
                        "aliases": sorted(wanted[k]["aliases"]),
                    }
                    for k in missing
                ],
            )
            read(missing)
            index_source_words(session, [(ids[k], k) for k in missing])
        return missing

    def _write_places(
        self, session: Session, stored: list[tuple[int, ParsedArticle, ExtractedArticle]]
    ) -> None:
        entries: dict[int | str, Place] = {}
        for _, _, e in stored:
            for p in e.places:
                key = place_key(p)
                if key is not None and key not in self._places:
                    entries[key] = p
        if entries:
            session.execute(
                _insert(session, m.Place.__table__),
                [
                    {
                        "geonameid": p.geonameid,
                        "name": p.name,
                        "country_code": p.country_code,
                        "admin1": p.admin1,
                        "admin2": p.admin2,
                        "continent": p.continent,
                        "feature_class": p.feature_class,
                        "feature_code": p.feature_code,
                        "lat": p.lat,
                        "lon": p.lon,
                        "population": p.population,
                    }
                    for p in entries.values()
                ],
            )
            ids = [k for k in entries if isinstance(k, int)]
            for chunk in _chunks(ids, 500):
                for pid, gid in session.execute(
                    select(m.Place.id, m.Place.geonameid).where(m.Place.geonameid.in_(chunk))
                ):
                    if gid is not None:
                        self._places[gid] = pid
            names = [k for k in entries if isinstance(k, str)]
            for chunk in _chunks(names, 500):
                for pid, name in session.execute(
                    select(m.Place.id, m.Place.name).where(
                        m.Place.geonameid.is_(None), m.Place.name.in_(chunk)
                    )
                ):
                    self._places[name] = pid
        rows: list[dict[str, Any]] = []
        for article_id, parsed, e in stored:
            for p in e.places:
                key = place_key(p)
                place_id = self._places.get(key) if key is not None else None
                country = p.country_code if place_id is not None else None
                admin1 = p.admin1 if place_id is not None else None
                embedded = {tuple(s) for s in p.embedded}
                demonym = {tuple(s) for s in p.demonym}
                for start, end in p.mentions:
                    rows.append(
                        {
                            "article_id": article_id,
                            "place_id": place_id,
                            "country_code": country,
                            "admin1": admin1,
                            "start": start,
                            "end": end,
                            "text": parsed.text[start:end][:200],
                            "embedded": (start, end) in embedded,
                            "demonym": (start, end) in demonym,
                        }
                    )
        if rows:
            bulk_insert(session, m.PlaceMention.__table__, rows)


_ACRONYM_NAME = re.compile(r"[A-Z][A-Z&]{1,5}")


def _short_form(key: str, name: str, kind: str) -> bool:
    """True for a name that stands for a fuller one: a person's surname alone, an acronym."""
    if " " in key or not key.isalpha():
        return False
    if _ACRONYM_NAME.fullmatch(name) is not None:
        return kind != "media"
    # a capitalised word alone that extraction could not type is most often a surname
    return kind in ("person", "other") and name[:1].isupper()


def _fuller_sources(session: Session, short: dict[str, str]) -> dict[str, tuple[int, list[str]]]:
    """For short keys (with their kinds), the stored source each stands for: id, aliases."""
    found: dict[str, list[tuple[int, str, list[str]]]] = {}
    for chunk in _chunks(sorted(short), 500):
        rows = session.execute(
            select(m.SourceWord.word, m.Source.id, m.Source.key, m.Source.kind, m.Source.aliases)
            .join(m.Source, m.Source.id == m.SourceWord.source_id)
            .where(m.SourceWord.word.in_(chunk))
        )
        for word, sid, key, kind, aliases in rows:
            if key == word:
                continue
            ok = False
            if short[word] in ("person", "other"):
                ok = kind == "person" and key.endswith(" " + word)
            if not ok and short[word] != "person":
                ok = kind != "person" and word in key_acronyms(key)
            if ok:
                found.setdefault(word, []).append((sid, key, aliases or []))
    out: dict[str, tuple[int, list[str]]] = {}
    for word, cands in found.items():
        if len(cands) > 1:
            counts = dict(
                session.execute(
                    select(m.SourceMention.source_id, func.count())
                    .where(m.SourceMention.source_id.in_([c[0] for c in cands]))
                    .group_by(m.SourceMention.source_id)
                ).all()
            )
            cands.sort(key=lambda c: (-counts.get(c[0], 0), c[0]))
        out[word] = (cands[0][0], cands[0][2])
    return out


def _fold_short_rows(session: Session, created: list[tuple[int, str, str]]) -> dict[int, int]:
    """Fold stored short-form rows ("Trump", "WHO") into full names stored just now.

    A surname is folded only into the one person of that surname stored so far: with two
    (Donald and Melania Trump), which one an article's bare "Trump" meant stays with the row
    it was first stored under. Returns the folded ids, each with the id it became. Three
    reads per batch, whatever its size: most batches hold no short row to fold.
    """
    by_short: dict[str, list[tuple[int, str]]] = {}  # short key -> (new id, kind) claiming it
    for sid, key, kind in created:
        if kind == "person" and " " in key:
            surname = key.rsplit(" ", 1)[1]
            if surname.isalpha():
                by_short.setdefault(surname, []).append((sid, "person"))
        elif kind != "person":
            for acr in key_acronyms(key):
                by_short.setdefault(acr, []).append((sid, "institution"))
    if not by_short:
        return {}
    olds: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(sorted(by_short), 500):
        for oid, okey, okind in session.execute(
            select(m.Source.id, m.Source.key, m.Source.kind).where(m.Source.key.in_(chunk))
        ):
            olds[okey] = (oid, okind)
    folded: dict[int, int] = {}
    for short, claimants in sorted(by_short.items()):
        if short not in olds:
            continue
        oid, okind = olds[short]
        persons = [c for c, what in claimants if what == "person"]
        institutions = [c for c, what in claimants if what == "institution"]
        if persons and okind in ("person", "other"):
            holders = {
                sid
                for sid, key in session.execute(
                    select(m.Source.id, m.Source.key)
                    .join(m.SourceWord, m.SourceWord.source_id == m.Source.id)
                    .where(m.SourceWord.word == short, m.Source.kind == "person")
                )
                if key.endswith(" " + short)
            }
            if len(holders) == 1 and oid not in holders:
                target = persons[0]
            else:
                continue
        elif institutions and okind != "person":
            target = min(institutions)
        else:
            continue
        if oid not in folded and oid != target:
            merge_sources(session, oid, target)
            folded[oid] = target
    return folded


def merge_sources(session: Session, old_id: int, new_id: int) -> None:
    """Make source `old_id` part of `new_id`: its quotes, claims, mentions and aliases move,
    its row goes. An article citing both keeps the mention of `new_id`."""
    for table in (m.Quote, m.Claim):
        session.execute(update(table).where(table.source_id == old_id).values(source_id=new_id))
    both = select(m.SourceMention.article_id).where(m.SourceMention.source_id == new_id)
    session.execute(
        delete(m.SourceMention).where(
            m.SourceMention.source_id == old_id, m.SourceMention.article_id.in_(both)
        )
    )
    session.execute(
        update(m.SourceMention).where(m.SourceMention.source_id == old_id).values(source_id=new_id)
    )
    old_aliases = session.scalar(select(m.Source.aliases).where(m.Source.id == old_id)) or []
    new_aliases = session.scalar(select(m.Source.aliases).where(m.Source.id == new_id)) or []
    session.execute(
        update(m.Source)
        .where(m.Source.id == new_id)
        .values(aliases=sorted(set(old_aliases) | set(new_aliases)))
    )
    session.execute(delete(m.SourceWord).where(m.SourceWord.source_id == old_id))
    session.execute(delete(m.Source).where(m.Source.id == old_id))


def source_word_rows(sources: Iterable[tuple[int, str]]) -> list[dict[str, Any]]:
    """`source_words` rows for sources given as (id, key): each word of the key once, and
    an institution's acronyms, so "WHO" finds the World Health Organization."""
    return [
        {"word": w, "source_id": sid}
        for sid, key in sources
        for w in set(key.split()) | key_acronyms(key)
    ]


def index_source_words(session: Session, sources: Iterable[tuple[int, str]]) -> None:
    """Record each word of new sources' keys (`source_words`), which source queries read.

    A word already recorded for the source (a concurrent ingest stored it first) is skipped.
    """
    for chunk in _chunks(source_word_rows(sources), 5_000):
        session.execute(_insert(session, m.SourceWord.__table__), chunk)


def place_key(p: Place) -> int | str | None:
    """Which `places` row a place maps to: its GeoNames id; for an entry of our own table (no
    id, but a feature code and coordinates) its name; None for a mention nothing resolved."""
    if p.geonameid is not None:
        return p.geonameid
    return p.name if p.feature_code is not None else None


# The key of the PostgreSQL advisory lock every writing transaction holds ("arch").
WRITE_LOCK_KEY = 0x61726368


def take_write_lock(session: Session) -> None:
    """Take the archive's write lock now, at the start of the transaction, until it ends.

    SQLite: ids are allocated from MAX(id) below, which is only safe while no other writer
    can commit; a no-op UPDATE opens the write transaction. PostgreSQL allocates ids from
    sequences, but writers also remove sources (a reextract's orphans, an ingest folding a
    surname into its full name) that another writer may be about to cite: between its read of
    a source's id and its insert of the mention, the source must not go. A transaction-level
    advisory lock makes writing transactions take turns, as SQLite's lock does; readers are
    never blocked.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(update(m.Outlet).where(false()).values(name=m.Outlet.name))
    elif dialect == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(WRITE_LOCK_KEY)))


def allocate_ids(session: Session, model: type[m.Base], n: int) -> list[int]:
    """Ids for n new rows, so bulk inserts need no RETURNING (slow for large executemany).

    PostgreSQL: the table's own sequence (safe with concurrent writers). SQLite: after MAX(id),
    under the write lock `take_write_lock` took.
    """
    if n == 0:
        return []
    table = model.__tablename__
    if session.get_bind().dialect.name == "postgresql":
        seq = session.scalar(select(func.pg_get_serial_sequence(table, "id")))
        rows = session.execute(select(func.nextval(seq)).select_from(func.generate_series(1, n)))
        return [r[0] for r in rows]
    top = session.scalar(select(func.coalesce(func.max(model.id), 0)))  # type: ignore[attr-defined]
    return list(range(int(top or 0) + 1, int(top or 0) + 1 + n))


def _resolve_local(
    local_id: str | None,
    parsed: ParsedArticle,
    extracted: ExtractedArticle,
    source_ids: dict[str, int],
) -> int | None:
    """Archive source id of an article-local source id ("S1")."""
    if local_id is None:
        return None
    for src in extracted.sources:
        if src.id == local_id:
            return source_ids.get(archive_source_key(src.name, parsed.content_hash))
    return None


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
