"""Places: toponyms found in article text and resolved to GeoNames entries.

One entry point, `extract_places(text)`. It works in three steps, all plain Python over the
gazetteer index (`gazetteer.py`), so it runs at thousands of articles per second:

1. Candidates. Capitalised word runs ("chunks") are matched against gazetteer names, longest
   first; dotted abbreviations ("U.S.", "W.Va.") and demonyms ("Syrian", "Minnesotans") have
   their own tables; "Jackson and Barrow counties" names two counties. Each candidate keeps
   the evidence around it: a locative preposition before it ("in", "near"), a qualifier after
   it ("Paris, Texas", "Alexandria, La."), an organisation word in its chunk ("Dallas Fire
   Department": embedded), a person's name around it ("Michael Jordan", "Jordan said" after
   "Michael Jordan" appeared). A city in a club's, venue's or festival's name is embedded
   ("Manchester United", "the Sundance festival", "Sadler's Wells"). A name no gazetteer
   spelling matches is looked up by its spelling key (`gazetteer_build.spelling_key`:
   "Deir Ezzor", "Qamishlo", "Kharkov"); such a match needs its country named elsewhere.
2. Resolution. Mentions of one name are resolved together (one sense per article). Each
   gazetteer reading scores a prior (feature type, population) plus context from the
   article's other places: the country and first-order division they lie in, distance to
   them, and the qualifier. Two rounds let confident places (countries, states, qualified
   names) pull the ambiguous ones. Where a name has a famous sense (`_is_famous`: London,
   Paris, Wales, New York City), a namesake is read only where the article points to its
   region (`_regional`): British or world news means London, England.
3. Acceptance. A name that is also a common English word ("Mobile", "Reading", "Nice"), a
   frequent surname or a first name is kept only with evidence: a locative preposition, a
   qualifier, or a resolution that fits the article's geography. Names that fit no entry
   stay unresolved (geonameid null) rather than wrong.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from operator import attrgetter, methodcaller
from typing import Any

from archive.extract.gazetteer import (
    FEATURE_CLASS,
    GOVERNED_AREAS,
    REGION_CODES,
    Gazetteer,
    get_gazetteer,
)
from archive.extract.gazetteer_build import (
    SPELLING_KEY_MIN,
    ST_RE,
    normalize_name,
    spelling_key,
    word_spelling,
)
from archive.extract.settings import DEFAULT_SETTINGS, ExtractSettings
from archive.schemas import Place, Source

__all__ = ["extract_places"]


def _words(s: str) -> frozenset[str]:
    """A word list written as one string, for tables of words that read like prose."""
    return frozenset(s.split())


# --- patterns -----------------------------------------------------------------------------

_UP = "A-ZÀ-ÖØ-ÞĀĂĄĆĈĊČĎĐĒĖĘĚĜĞĠĢĤĦĨĪĮİĴĶĹĻĽŁŃŅŇŌŐŒŔŖŘŚŜŞŠŢŤŦŨŪŬŮŰŲŴŶŸŹŻŽḨ"
# A run of capitalised words joined by spaces or hyphens; each word may end in a period
# ("St. Cloud", "Gov. Smith"), but no word ends in an apostrophe (a closing quotation mark:
# "'defies Beijing'"). The pattern starts with a character class so the regex engine
# skips lower-case text fast; sentence periods inside a run are split off in Python.
CHUNK_RE = re.compile(rf"[{_UP}](?:[\w'’]*\w)?\.?(?:[ -][{_UP}](?:[\w'’]*\w)?\.?)*")
_GROUP = methodcaller("group")
_START = attrgetter("start")
TOKEN_RE = re.compile(rf"[{_UP}][\w'’]*\.?")
# Abbreviations that keep their period inside a run ("St. Louis", "Mt. Pleasant", "Sen. Cruz").
_DOTTED = _words(
    """
    st ste mt ft pt dr mr mrs ms jr sr gen gov sen rep lt sgt col capt rev
    """
)
# Candidates for the abbreviation table ("U.S.", "W. Va.", "Kan.", "UK"), checked in Python.
_CAPS2_RE = re.compile(r"[A-Z][A-Z]")
_SEP_RE = re.compile(r"[ -]")
ABBR_CAND_RE = re.compile(r"[A-Z][A-Za-z]{0,4}\.(?: ?[A-Z][a-z]{0,3}\.)*|[A-Z]{2,4}\b")
# "Jackson and Barrow counties", "Clarke, Oconee and Madison counties"
COUNTIES_RE = re.compile(
    r"((?:[A-Z][a-z]+(?: [A-Z][a-z]+)?, )*[A-Z][\w]+(?: [A-Z][a-z]+)?),? and "
    r"([A-Z][\w]+(?: [A-Z][a-z]+)?) (?:counties|parishes|Counties|Parishes)\b"
)
# The Arabic article in lower case between two capitalised words: " al-", " ez-", " ash-"
# (and the Persian connector: "Mazar-i-Sharif").
# The pattern starts at the hyphen (a literal: the regex engine skips to each one fast).
ARTICLE_NAME_RE = re.compile(r"-(?=[A-Z])")
_ARTICLE_BEFORE_RE = re.compile(r" (?:[aeu][lsznrtd]|[ae][sd]h|ath)$|-[ie]$")  # or "-i-", "-e-"
_WORD_BEFORE_RE = re.compile(rf"[{_UP}][\w'’]*$")
_WORD_AFTER_RE = re.compile(rf"[{_UP}][\w'’]*")
QUALIFIER_RE = re.compile(r", ((?:[A-Z][\w.]*\.?)(?: ?[A-Z][\w.]*\.?){0,2})")

# Words that make a capitalised run an organisation's name, so a place inside it is embedded.
ORG_WORDS = _words(
    """
    university college school academy institute department dept police sheriff fire
    hospital clinic church cathedral mosque synagogue bank company co corp corporation inc
    llc ltd association council office court club board commission committee agency
    ministry administration foundation authority league party times post news herald
    tribune journal gazette chronicle telegraph observer review daily press radio tv
    television network airport airlines airways center centre museum library zoo chamber
    society service services group army navy guard patrol federation fund trust union team
    church corps jail prison detention reserve commerce industries bureau bancorp
    insurance cooperative co-op hotel inn restaurant mall market store stores railroad
    railway symphony orchestra theatre theater festival fair hall stadium arena senators
    nationals giants cardinals rangers cowboys lakers yankees mets act treaty accord law
    bill program programme prize award cup championship series conference games olympics
    legion
    """
)
# Words that end a sports club's name after its city ("Manchester United", "London Irish",
# "Bolton Wanderers") or start it ("AC Milan", "FC Porto"): the city is embedded in a name.
# Only at the end (or start) of a run: "United States", "Irish Sea" are places.
TEAM_LAST = _words(
    """
    united rovers wanderers athletic albion hotspur celtic irish welsh scottish fc afc
    """
)
TEAM_FIRST = _words(
    """
    ac fc sc afc
    """
)
# Organisation words that make a demonym in the name still mean the country ("Russian Defense
# Ministry"); "American Airlines" or "American Heart Association" do not name a place.
GOVERNMENT_WORDS = _words(
    """
    ministry army navy military government embassy parliament forces force troops mission
    defense defence foreign interior coast consulate president prime
    """
)
# Words after a name that make it a street, a building or a facility named after the place
# or a person ("Wichita Street", "Webb Center"): not a mention of the place.
STREET_WORDS = _words(
    """
    street st avenue ave road rd drive dr boulevard blvd lane ln way place pl parkway pkwy
    circle cir trail terrace pike highway hwy expressway freeway turnpike
    """
)
# Words before a capitalised run that make it a person ("Sen. Jordan", "President Paris").
TITLES = _words(
    """
    mr mrs ms miss dr sen rep gov lt gen sgt col capt rev prof professor president judge
    justice coach officer chief deputy pastor secretary minister king queen prince
    princess pope sheriff mayor senator representative governor councilman councilwoman
    commissioner trooper detective det cpl pvt maj adm admiral general colonel captain
    lieutenant sergeant corporal private brother sister father uncle aunt son daughter
    wife husband mother grandson granddaughter
    """
)
# Prepositions and verbs after which a capitalised name is read as a place.
LOCATIVE = _words(
    """
    in at near from outside across throughout into toward towards via around within inside
    to through visit visited visiting reach reached entered leave left northeast northwest
    southeast southwest north south east west downtown suburban rural central northern
    southern eastern western neighboring nearby upstate downstate
    """
)
# Locatives strong enough to keep a name that the article also uses as a person's surname.
STRONG_LOCATIVE = _words(
    """
    in near outside across throughout into toward towards
    """
)
PLACE_TYPE_WORDS = _words(
    """
    county parish city town village township borough valley beach springs falls heights
    island islands lake river bay hills park harbor port mountain mountains creek
    """
)
_SENT_END = frozenset('.!?"“”:\n')
_AGE_RE = re.compile(r", \d{1,3},")

# Prior by GeoNames feature code (non-places) before context; places use log10(population).
BASE_PRIOR = {
    "CONT": 9.0,
    "PCLI": 9.5,
    "ADM1": 8.0,
    "ADM2": 4.5,
    # our curated table names what news means by these words: above same-named villages
    "RGN": 9.5,
    "ZN": 9.5,
    "PEN": 9.0,
    "SEA": 9.0,
    "GULF": 9.0,
    "OCN": 9.0,
    "STM": 7.5,
    "STRT": 8.5,
    "CHN": 8.5,
    "CNL": 8.5,
    "LKS": 8.5,
    "MTS": 8.5,
    "VAL": 8.0,
}
CAPITAL_PRIOR = 8.8  # national capitals stand for their governments in news


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    key: str
    cands: tuple[int, ...]
    demonym: bool = False
    embedded: bool = False
    locative: bool = False
    strong_locative: bool = False
    qualifier: tuple[int, ...] = ()  # entries (states, countries) named right after it
    county: bool = False  # the name itself says County/Parish, or "X and Y counties"
    abbreviation: bool = False
    sentence_initial: bool = False
    in_name: bool = False  # more capitalised words follow in the run: "Weston Otmoor"
    surface: str = ""
    looked: bool = False  # locative/strong_locative/sentence_initial filled in (`_look`)


@dataclass(slots=True)
class _Group:
    key: str
    mentions: list[_Mention] = field(default_factory=list)
    cands: tuple[int, ...] = ()
    best: int | None = None
    row: _Row | None = None  # the chosen reading's row (its entry is `best`)
    frame: _Frame | None = None  # what resolution reuses (`_frame`)
    accepted: bool = False


# --- public entry point ---------------------------------------------------------------------


def extract_places(
    text: str, sources: Iterable[Source] = (), settings: ExtractSettings = DEFAULT_SETTINGS
) -> list[Place]:
    """Places one article's text mentions, with their spans, resolved to GeoNames entries.

    Spans index `text` exactly (`text[start:end]` is the surface form). Deterministic: the
    same text gives the same places in the same order (by first mention). `sources`: whom
    the article quotes or cites (attribution knows "Russian President Vladimir Putin"). The
    words of their names are read as the person, not as a town of that name, unless a
    strong place cue says otherwise ("in Clinton", "Clinton, Iowa").
    """
    if not text:
        return []
    g = get_gazetteer()
    mentions = _candidates(g, text, _people_words(g, sources))
    if not mentions:
        return []
    groups: dict[str, _Group] = {}
    for m in mentions:
        grp = groups.get(m.key)
        if grp is None:
            grp = groups[m.key] = _Group(m.key, cands=m.cands)
        grp.mentions.append(m)
    glist = list(groups.values())
    _resolve(g, glist, text)
    for grp in glist:
        grp.accepted = _accept(g, grp, glist, text)
    accepted = [grp for grp in glist if grp.accepted]
    if len(accepted) < len(glist):
        _resolve(g, accepted, text, again=True)  # without the rejected names' pull
    return _to_places(g, accepted)


# --- step 1: candidates ---------------------------------------------------------------------


_BOUNDARY_CHARS = frozenset('.!?;:\n"“”(')


def _word_before(text: str, a: int) -> tuple[str, int]:
    """The word before offset `a` in the same sentence, lower-cased, and where it starts.

    ("", -1) at a sentence or clause boundary. A title's period ("Gov. Smith") is not one.
    Plain string scanning: this runs for every candidate and must stay cheap.
    """
    j = a - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    if j < 0:
        return "", -1
    end = j + 1
    lo = max(0, end - 30)
    p = max(text.rfind(" ", lo, end), text.rfind("\n", lo, end))
    w = text[p + 1 : end]
    if not w:
        return "", -1
    if w[-1] in _BOUNDARY_CHARS or w[0] in _BOUNDARY_CHARS:
        if w[-1] == "." and w[:-1].lower() in TITLES:
            return w[:-1].lower(), p + 1
        return "", -1
    return w.strip(",'’‘)").lower(), p + 1


def _title_tails() -> frozenset[str]:
    """The last three characters (lower-cased) that text ending in a title can have: a title
    with its period ("sen."), with quotes, commas or brackets around it, or two letters after
    the space or line break before it (" dr")."""
    marks = ",'’‘)"
    around = ["", *marks, *(x + y for x in marks for y in marks)]
    forms = {t + "." for t in TITLES}
    forms |= {p + t + q for t in TITLES for p in around for q in around}
    tails = {(c + f)[-3:] for f in forms for c in (" ", "\n")}
    return frozenset(tails | {x + y + z for x in marks for y in marks for z in marks})


_TITLE_TAILS = _title_tails()


def _title_before(text: str, a: int) -> bool:
    """`_word_before(text, a)[0] in TITLES`, with a cheap test of the three characters
    before first (most words before a capitalised run are no title)."""
    j = a - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    if j >= 0 and text[j] == ",":
        return False  # "according to the minister, Slovenia's action": a clause, no title
    if j >= 2 and text[j - 2 : j + 1].lower() not in _TITLE_TAILS:
        return False
    return _word_before(text, a)[0] in TITLES


def _is_sentence_initial(text: str, a: int) -> bool:
    i = a - 1
    while i >= 0 and text[i] in " \t‘'\"“(":
        i -= 1
    return i < 0 or text[i] in _SENT_END


def _qualifier(g: Gazetteer, text: str, b: int) -> tuple[int, ...]:
    """States or countries written right after a name: "Paris, Texas", "Alexandria, La."."""
    m = QUALIFIER_RE.match(text, b)
    if not m:
        return ()
    q = m.group(1)
    found = _QUALIFIER_CACHE.get(q)
    if found is None:
        if len(_QUALIFIER_CACHE) > 50_000:
            _QUALIFIER_CACHE.clear()
        found = _QUALIFIER_CACHE[q] = _qualifier_entries(g, q)
    return found


_QUALIFIER_CACHE: dict[str, tuple[int, ...]] = {}  # words after ", " -> entries they name


def _qualifier_entries(g: Gazetteer, q: str) -> tuple[int, ...]:
    out: list[int] = []
    for cut in range(len(q), 0, -1):
        if cut < len(q) and q[cut] not in " .":
            continue
        part = q[:cut].strip()
        part_dot = part if part.endswith(".") else part + "."
        i = g.abbreviations.get(part) or g.abbreviations.get(part_dot)
        if i is not None:
            out.append(i)
            break
        if len(part) == 2 and part.isupper() and f"US.{part}" in g.adm1_index:
            out.append(g.adm1_index[f"US.{part}"])
            break
        hits = [
            j
            for j in g.names.get(normalize_name(part.rstrip(".")), ())
            if g.fcode[j] in ("ADM1", "PCLI")
        ]
        if hits:
            out.extend(hits)
            break
    return tuple(out)


# Places that news personifies: areas, capitals and major cities (MAJOR_CITY, below). A source
# of that name is the place's government or people, so its words do not hide the place.
_SPEAKING_AREAS = GOVERNED_AREAS | REGION_CODES


_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:[’'-][A-Za-z]+)?|[A-Z]\.")


def _people_words(g: Gazetteer, sources: Iterable[Source]) -> set[str]:
    """Index forms of the words of the people an article quotes ("Hillary Clinton" -> hillary,
    clinton; "Russian President Vladimir Putin" -> vladimir, putin).

    Only what reads as a personal name: two or three name words, opening with a known first
    name or carrying a person's role, and not itself a place that speaks ("New York").
    """
    out: set[str] = set()
    for src in sources:
        if src.kind != "person":
            continue
        words = src.name.split()
        if not 2 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(w) for w in words):
            continue  # "Alexandria woman", "John Boehner of Ohio", "Tour de France"
        if _low(words[0]) not in g.first_names and not src.roles:
            continue
        if _speaks_as_place(g, src.name):
            continue
        out.update(_low(w) for w in words if len(w) > 2)
    return out


@lru_cache(maxsize=8192)
def _speaks_as_place(g: Gazetteer, name: str) -> bool:
    """Whether a name is an area's, capital's or big city's (cached: names recur)."""
    return any(g.fcode[i] in _SPEAKING_AREAS or g.pop[i] >= MAJOR_CITY for i in g.lookup(name))


def _candidates(g: Gazetteer, text: str, people: set[str]) -> list[_Mention]:
    out: list[_Mention] = []
    taken = bytearray(len(text))  # characters already inside an abbreviation or county match
    # "Jackson and Barrow counties" (the pattern is costly: only where the word is)
    counties = "ounties" in text or "arishes" in text
    for m in COUNTIES_RE.finditer(text) if counties else ():
        parts = [(m.start(1), m.group(1)), (m.start(2), m.group(2))]
        first_group = m.group(1)
        if ", " in first_group:
            parts = []
            off = m.start(1)
            for piece in first_group.split(", "):
                parts.append((off, piece))
                off += len(piece) + 2
            parts.append((m.start(2), m.group(2)))
        for a, piece in parts:
            ids = g.county_bare.get(normalize_name(piece))
            if ids:
                out.append(
                    _Mention(a, a + len(piece), normalize_name(piece) + " county", ids, county=True)
                )
                taken[a : a + len(piece)] = b"\x01" * len(piece)
    # "Deir ez-Zor", "Ras al-Ain": a name whose Arabic article is written in lower case
    # is no single capitalised run (the pattern starts at the article: cheap where none is)
    for am in ARTICLE_NAME_RE.finditer(text):
        h = am.start()
        art = _ARTICLE_BEFORE_RE.search(text, max(0, h - 4), h)
        if art is None:
            continue
        mention = _article_name(g, text, art.start(), am.end())
        if mention is not None:
            out.append(mention)
            taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)

    person_surnames: set[str] = set(people)
    cache = _CHUNK_CACHE
    # every capitalised run with what it says by itself (cached per process); the runs that
    # say nothing ("The", "He": about half) are dropped in C, without a Python step each
    matches = list(CHUNK_RE.finditer(text))
    chunks = list(map(_GROUP, matches))
    # "District of Columbia", "Isle of Man": a run ending in a word such a name has before
    # "of" (a flag cached per run: most runs end in none), then " of " and a capital
    heads: list[Any] = list(map(_OF_HEAD_CACHE.get, chunks))
    if None in heads:
        if len(_OF_HEAD_CACHE) > 200_000:
            _OF_HEAD_CACHE.clear()
        for n, flag in enumerate(heads):
            if flag is None:
                chunk = chunks[n]
                last = chunk[chunk.rfind(" ") + 1 :].rstrip(".").lower()
                heads[n] = _OF_HEAD_CACHE[chunk] = last in g.of_heads
    for n in compress(range(len(chunks)), heads):
        a = matches[n].end()
        if text.startswith(" of ", a):
            b = a + 8 if text.startswith("the ", a + 4) else a + 4
            mention = _of_name(g, text, a, b) if text[b : b + 1].isupper() else None
            if mention is not None and taken.find(1, mention.start, mention.end) == -1:
                out.append(mention)
                taken[mention.start : mention.end] = b"\x01" * (mention.end - mention.start)
    # Any: `compress` below keeps only the non-empty entries, which mypy cannot see
    entries: list[Any] = list(map(cache.get, chunks))
    if None in entries:
        if len(cache) > 200_000:
            cache.clear()
        for n, entry in enumerate(entries):
            if entry is None:
                chunk = chunks[n]
                entry = cache.get(chunk)
                if entry is None:
                    entry = cache[chunk] = _chunk_entry(g, chunk)
                entries[n] = entry
    skip_to = 0
    for cm, chunk, facts in compress(zip(matches, chunks, entries, strict=True), entries):
        base = cm.start()
        if base < skip_to:
            continue  # inside an abbreviation: "S." of "U.S."
        if base and text[base - 1].isalpha():
            continue  # inside a word: "Tunes" of "iTunes", "Bay" of "eBay"
        # the entry's layout: see `_chunk_entry`
        idx = 1 + facts[0]
        if idx > 1:
            # abbreviations of the table: "U.S.", "W. Va.", "UK", "Washington D.C."
            for rel in facts[1:idx]:
                abbr = _abbreviation_at(g, text, base + rel)
                if abbr is not None:
                    out.append(abbr)
                    taken[abbr.start : abbr.end] = b"\x01" * (abbr.end - abbr.start)
                    skip_to = max(skip_to, abbr.end)
        n_facts = len(facts)
        while idx < n_facts:
            r_start, r_end, k, surname, is_org, check, spaced, n_hits = facts[idx : idx + 8]
            idx += 8
            hits_end = idx + 9 * n_hits
            if check:
                c_start = base + r_start
                if _title_before(text, c_start) or (spaced and _AGE_RE.match(text, base + r_end)):
                    k = 0  # "Sen. Jordan", "Henry, 19,"
                    surname = surname or chunk[r_start:r_end].rsplit(" ", 1)[-1].lower()
            if surname:
                person_surnames.add(surname)
            if k == 0 or not n_hits:
                idx = hits_end
                continue
            if k == 2 and not _is_sentence_initial(text, base + r_start):
                # "stars Denzel Washington", "Conor McGregor": a person mid-sentence (where
                # "Missing Lancaster girl" opening a headline is a word and a place)
                person_surnames.add(chunk[r_start:r_end].rsplit(" ", 1)[-1].lower())
                idx = hits_end
                continue
            after_org_of: bool | None = None
            for h in range(idx, hits_end, 9):
                rel_a, rel_b, key, ids, dem, surface, upper, county, in_name = facts[h : h + 9]
                a, b = base + rel_a, base + rel_b
                if taken.find(1, a, b) != -1:
                    continue
                as_person = key if key[0] != "~" else surface.lower()
                if as_person in person_surnames and not _place_cue(g, text, a, b):
                    continue  # "Clinton said" after "Hillary Clinton"
                if upper and not _is_sentence_initial(text, a):
                    continue  # acronyms ("SANA"); a dateline ("CHARLESTON, W.Va.") stays
                if after_org_of is None:
                    c_start = base + r_start
                    after_org_of = text.endswith(("of ", "the "), 0, c_start) and _after_org_of(
                        text, c_start
                    )
                # a name that is both ("Dominican") is a demonym before a lower-case word
                demonym = bool(dem) and (
                    not ids or (text[b : b + 1] == " " and text[b + 1 : b + 2].islower())
                )
                # positional (the fields in their order): keywords cost more, once per hit
                out.append(
                    _Mention(
                        a,
                        b,
                        key,
                        dem if demonym else ids,
                        demonym,
                        is_org
                        or after_org_of
                        or (
                            (
                                text.startswith(_EVENT_STARTS, b + 1)
                                or text.endswith(("'s ", "’s "), 0, a)
                            )
                            and _in_venue_name(g, text, a, b)
                        ),
                        False,  # locative, strong_locative: filled in by `_look`
                        False,
                        _qualifier(g, text, b) if text.startswith(", ", b) else (),
                        county,
                        False,  # abbreviation, sentence_initial
                        False,
                        in_name,
                        surface,
                    )
                )
            idx = hits_end

    # a name the article also gives as a person's surname ("Jordan said") is the person
    if person_surnames:
        out = [
            m
            for m in out
            if (m.key if m.key[0] != "~" else m.surface.lower()) not in person_surnames
            # "in Clinton" is the town, "into Clinton's lead" the person's
            or (_look(m, text).strong_locative and not text.startswith(("’s", "'s"), m.end))
            or m.qualifier
            or m.demonym
            or len(m.key.split()) > 1
            or _names_a_country(g, m)
        ]
    out.sort(key=_START)
    return out


# (start, end, key, entries, demonym entries, surface, all capitals, says County/Parish,
#  more capitalised words follow that are not an organisation's)
_Hit = tuple[int, int, str, tuple[int, ...], tuple[int, ...], str, bool, bool, bool]
# (start, end, person flag: None no person, 0 the whole run is one, 1 one starts after the
#  hits, 2 it may be one; surname, is_org, hits, whether a title or age before/after it
#  matters, has a space)
_Run = tuple[int, int, int | None, str | None, bool, list[_Hit], bool, bool]
# run text -> its facts as one flat tuple (see `_chunk_entry`), or () when it has none
_ChunkEntry = tuple[Any, ...]
_CHUNK_CACHE: dict[str, _ChunkEntry] = {}


def _chunk_entry(g: Gazetteer, chunk: str) -> _ChunkEntry:
    abbr_at: tuple[int, ...] = ()
    if "." in chunk or _CAPS2_RE.search(chunk) is not None:
        # An abbreviation found at a candidate (`_abbreviation_at`, which reads on past the
        # run: "U." + "S.") begins with the candidate's first dotted part ("U.") or is the
        # candidate ("UK"); candidates whose first part begins no abbreviation are dropped.
        heads = _abbreviation_heads(g)
        abbr_at = tuple(
            am.start() for am in ABBR_CAND_RE.finditer(chunk) if _head(am.group()) in heads
        )
    runs = _chunk_facts(g, chunk)
    if not abbr_at and not runs:
        return ()
    # One flat tuple: the number of abbreviation candidates and their offsets, then per run
    # its start, end, person flag, surname, is_org, check, spaced and number of hits, then
    # the hits' nine fields each. Flat because the entries live as long as the process:
    # the collector untracks a tuple of strings, numbers and untracked tuples when it
    # first meets it, while nested new tuples tend to stay tracked and be walked in every
    # full collection.
    flat: list[Any] = [len(abbr_at), *abbr_at]
    for r_start, r_end, k_flag, surname, is_org, hits, check, spaced in runs:
        flat += (r_start, r_end, k_flag, surname, is_org, check, spaced, len(hits))
        for hit in hits:
            flat += hit
    return tuple(flat)


def _head(form: str) -> str:
    """An abbreviation's first dotted part ("W." of "W.Va."), or all of it ("UK")."""
    dot = form.find(".")
    return form if dot < 0 else form[: dot + 1]


_HEADS: dict[int, frozenset[str]] = {}


def _abbreviation_heads(g: Gazetteer) -> frozenset[str]:
    heads = _HEADS.get(id(g))
    if heads is None:
        heads = _HEADS[id(g)] = frozenset(map(_head, g.abbreviations))
    return heads


def _split_runs(chunk: str) -> list[list[tuple[int, int, str]]]:
    """Tokens of a capitalised run (offsets relative to it); possessive "'s" and sentence
    periods are not part of a token, and a sentence period ends a run."""
    if " " not in chunk and "-" not in chunk:
        tok = chunk
        if tok.endswith(".") and tok[:-1].lower() not in _DOTTED:
            tok = tok[:-1]
        if tok.endswith(("'s", "’s")):
            tok = tok[:-2]
        return [[(0, len(tok), tok)]] if tok else []
    runs: list[list[tuple[int, int, str]]] = []
    toks: list[tuple[int, int, str]] = []
    # a run's words are exactly its tokens (`TOKEN_RE`), one space or hyphen apart
    pos = 0
    for tok in _SEP_RE.split(chunk):
        a = pos
        pos += len(tok) + 1
        end_run = False
        if tok.endswith(".") and tok[:-1].lower() not in _DOTTED and len(tok) != 2:
            tok, end_run = tok[:-1], True
        if tok.endswith(("'s", "’s")):
            tok, end_run = tok[:-2], True  # "Aleppo's western districts": the name ends here
        if tok:
            toks.append((a, a + len(tok), tok))
        if end_run and toks:
            runs.append(toks)
            toks = []
    if toks:
        runs.append(toks)
    return runs


def _chunk_facts(g: Gazetteer, chunk: str) -> list[_Run]:
    """What a capitalised run says by itself, whatever article it is in: the gazetteer names
    and demonyms in it (longest first), whether it names an organisation, where a person's
    name starts in it. Cached per process by the run's text: "Clinton", "The", "Mr. Trump"
    recur in every article, so recognition pays for each once."""
    out: list[_Run] = []
    names, demonyms, first_words = g.names, g.demonyms, g.first_words
    starts = first_words.keys()
    runs: list[tuple[list[tuple[int, int, str]], list[str]]]
    if chunk.isascii() and "." not in chunk and "'s" not in chunk:
        # the common case, one run: tokens are the words between single spaces or hyphens,
        # their index forms the lower-cased words, and (without "St"/"Mt"/... in it) a
        # name's index form is the lower-cased chunk's slice
        lc = chunk.lower()
        lows = _SEP_RE.split(lc) if "-" in lc else lc.split(" ")
        if starts.isdisjoint(lows) and not _may_spell(g, lows):
            return out
        toks: list[tuple[int, int, str]] = []
        a = 0
        for w in lows:
            b = a + len(w)
            toks.append((a, b, w))
            a = b + 1
        runs = [(toks, lows)]
        sliced = ST_RE.search(lc) is None
    else:
        runs = [(toks, [_low(t[2]) for t in toks]) for toks in _split_runs(chunk)]
        lc, sliced = chunk, False
    for toks, lows in runs:
        if starts.isdisjoint(lows) and not _may_spell(g, lows):
            continue
        n = len(toks)
        is_org = not ORG_WORDS.isdisjoint(lows) or (
            n > 1 and (lows[-1] in TEAM_LAST or lows[0] in TEAM_FIRST)
        )
        gov = not GOVERNMENT_WORDS.isdisjoint(lows)
        k = _person_start(g, chunk, toks, lows) if n > 1 else None
        unlisted = k is None and n == 2 and " " in chunk and _unlisted_person(g, chunk, lows)
        surname: str | None = None
        if k is not None:
            last = lows[-1].rstrip(".")
            if n - k > 1 or last not in g.first_names:
                surname = last
        hits: list[_Hit] = []
        found_any = False
        stop = n if k is None else k
        i = 0
        while i < stop:
            longest = first_words.get(lows[i])
            found: tuple[int, str | None] | None = None
            if longest is None:
                found = _spelled(g, chunk, toks, lows, i, stop)
                if found is None:
                    i += 1
                    continue
                longest = 0
            for j in range(min(stop, i + longest), i, -1):
                a, b = toks[i][0], toks[j - 1][1]
                if j - i == 1:
                    key = lows[i].rstrip(".")
                elif sliced:
                    key = lc[a:b]
                else:
                    key = normalize_name(chunk[a:b]).rstrip(".")
                if key in g.not_places:
                    found = (j, None)
                    break
                if key in names or key in demonyms:
                    found = (j, key)
                    break
            if found is None:
                found = _spelled(g, chunk, toks, lows, i, stop)
            if found is None:
                i += 1
                continue
            j, hit_key = found
            nxt_tok = lows[j].rstrip(".") if j < n else ""
            a, b = toks[i][0], toks[j - 1][1]
            i = j
            if hit_key is None or nxt_tok in STREET_WORDS:
                continue  # "White House"; "Wichita Street", "Memphis St."
            surface = chunk[a:b]
            if surface.isupper() and len(hit_key) < 4:
                continue  # acronyms ("UN", "KBR")
            if chunk[b - 1] == "." and hit_key not in names:
                b -= 1
            while hit_key[0] == "~" and chunk[b - 1] in "'’":
                b -= 1  # "Beijing'" closing a quotation: the key ignores marks, the span not
            dem: tuple[int, ...]
            if hit_key[0] == "~":  # matched by its spelling (`_spelled`)
                ids, dem = g.spellings[hit_key[1:]], ()
            else:
                ids, dem = names.get(hit_key, ()), demonyms.get(hit_key, ())
            found_any = True
            if dem and is_org and not ids and not gov:
                continue  # "American Airlines" names no place; "Russian Defense Ministry" does
            surface = chunk[a:b]
            hits.append(
                (
                    a,
                    b,
                    hit_key,
                    ids,
                    dem,
                    surface,
                    surface.isupper(),
                    hit_key.endswith((" county", " parish")),
                    bool(nxt_tok) and nxt_tok not in ORG_WORDS and nxt_tok not in TEAM_LAST,
                )
            )
        if found_any or surname:
            # k: None no person, 0 the whole run is one, 1 one starts after the hits, 2 it
            # may be one (`_unlisted_person`: read in context)
            k_flag = (2 if unlisted else None) if k is None else min(k, 1)
            # a title before the run or an age after it makes it a person: that matters
            # for its hits, and for its surname when it has none yet
            check = k_flag != 0 and (bool(hits) or (surname is None and found_any))
            r_start, r_end = toks[0][0], toks[-1][1]
            spaced = " " in chunk[r_start:r_end]
            out.append(
                (
                    r_start,
                    r_end,
                    k_flag,
                    surname,
                    is_org,
                    hits if k_flag != 0 else [],
                    check,
                    spaced,
                )
            )
    return out


_SPELL_CACHE: dict[str, str] = {}  # word -> its part of a spelling key


def _word_spelling(g: Gazetteer, low: str) -> str:
    """A lower-cased word's spelling fold, or "" for words no spelling match may start
    with: short ones, and common words and personal names (their keys are not indexed)."""
    k = _SPELL_CACHE.get(low)
    if k is None:
        if (
            len(low) < 3
            or low in g.first_names
            or low in g.surnames
            or low in g.common_words
            or low in g.spelling_blocked
        ):
            k = ""
        else:
            k = word_spelling(low)
        if len(_SPELL_CACHE) > 200_000:
            _SPELL_CACHE.clear()
        _SPELL_CACHE[low] = k
    return k


def _may_spell(g: Gazetteer, lows: list[str]) -> bool:
    """Whether some word of a run may start a name matched by its spelling."""
    words = g.spelling_words
    return any((k := _word_spelling(g, w)) and k in words for w in lows)


def _spelled(
    g: Gazetteer, chunk: str, toks: list[tuple[int, int, str]], lows: list[str], i: int, stop: int
) -> tuple[int, str] | None:
    """A name starting at token `i` that matches a gazetteer entry only by its spelling key
    ("Deir Ezzor" for Deir ez-Zor, "Qamishlo" for Qamishli): (end token, "~" + key)."""
    first = _word_spelling(g, lows[i])
    longest = g.spelling_words.get(first) if first else None
    if longest is None:
        return None
    for j in range(min(stop, i + longest), i, -1):
        surface = chunk[toks[i][0] : toks[j - 1][1]]
        if any(c.isupper() for w in _SEP_RE.split(surface) for c in w[1:]):
            return None  # "CEOs", "NATO": acronyms and mixed case are not spellings of names
        if j - i == 1:  # one word: its fold is the key (`spelling_key` of a word)
            key = first if len(first) >= SPELLING_KEY_MIN and first.isalpha() else ""
        elif any(len(w) > 2 and not _word_spelling(g, w) for w in lows[i + 1 : j]):
            continue  # "Takes A", "Says He": every word of a spelt name is a name's word
        else:
            key = spelling_key(surface)
        if key and key in g.spellings:
            return j, "~" + key
    return None


# A lower-case word after a name that makes it the name of an event or a venue ("the
# Sundance festival", "a Birmingham theatre"), and a possessive before it that makes it part
# of a venue's name ("Sadler's Wells"): the place is embedded, a big one still its location.
_EVENT_AFTER_RE = re.compile(
    r" (?:(?:film|jazz|music|arts|book|rock|folk|comedy|fringe|opera|literary) )?"
    r"(?:festival|theatre|theater|club|stadium|arena|awards|orchestra|gallery)\b"
)
# what the words of `_EVENT_AFTER_RE` start with (a cheap test before the pattern)
_EVENT_STARTS = (
    "festival",
    "theat",
    "club",
    "stadium",
    "arena",
    "awards",
    "orchestra",
    "gallery",
    "film ",
    "jazz ",
    "music ",
    "arts ",
    "book ",
    "rock ",
    "folk ",
    "comedy ",
    "fringe ",
    "opera ",
    "literary ",
)
_POSSESSOR_RE = re.compile(rf"([{_UP}][a-z]+)['’]s $")


def _in_venue_name(g: Gazetteer, text: str, a: int, b: int) -> bool:
    if text.startswith(" ", b) and _EVENT_AFTER_RE.match(text, b):
        return True
    if text.endswith(("'s ", "’s "), 0, a):
        m = _POSSESSOR_RE.search(text, max(0, a - 30), a)
        # "London's Trafalgar Square" is in London; "Sadler's Wells" is a theatre
        return m is not None and normalize_name(m.group(1)) not in g.names
    return False


# A name with "of" inside it: "District of Columbia", "Isle of Man", "Gulf of Mexico".
_OF_HEAD_CACHE: dict[str, bool] = {}  # run -> whether its last word comes before "of" in a name
_CAP_WORDS_BEFORE_RE = re.compile(rf"(?:[{_UP}][\w'’]*\.? ){{0,1}}[{_UP}][\w'’]*$")
_CAP_WORDS_AFTER_RE = re.compile(rf"[{_UP}][\w'’]*(?: [{_UP}][\w'’]*)?")


def _of_name(g: Gazetteer, text: str, a: int, b: int) -> _Mention | None:
    """The gazetteer name spanning " of " at text[a:b], longest first, or None."""
    before = _CAP_WORDS_BEFORE_RE.search(text, max(0, a - 40), a)
    after = _CAP_WORDS_AFTER_RE.match(text, b)
    if before is None or after is None:
        return None
    starts = [before.start()]
    if " " in before.group():
        starts.append(before.start() + before.group().index(" ") + 1)
    ends = [after.end()]
    if " " in after.group():
        ends.append(b + after.group().index(" "))
    for start in starts:
        for end in ends:
            surface = text[start:end]
            key = normalize_name(surface)
            ids = g.names.get(key)
            if ids:
                return _Mention(start, end, key, ids, surface=surface)
    return None


def _article_name(g: Gazetteer, text: str, a: int, b: int) -> _Mention | None:
    """The name around a lower-case Arabic article at text[a:b] (" ez-"), when the words
    before and after it name a gazetteer entry, by name or by spelling ("Deir el-Zour")."""
    before = _WORD_BEFORE_RE.search(text, max(0, a - 30), a)
    after = _WORD_AFTER_RE.match(text, b)
    if before is None or after is None:
        return None
    start, end = before.start(), after.end()
    surface = text[start:end]
    if surface.endswith(("'s", "’s")):
        surface, end = surface[:-2], end - 2
    key = normalize_name(surface)
    ids = g.names.get(key)
    if ids is None:
        skey = spelling_key(surface)
        ids = g.spellings.get(skey) if skey else None
        key = "~" + skey
    if not ids:
        return None
    return _Mention(start, end, key, ids, surface=surface)


def _abbreviation_at(g: Gazetteer, text: str, a: int) -> _Mention | None:
    """A dotted or upper-case abbreviation of the table starting at `a`: "U.S.", "W.Va."."""
    m = ABBR_CAND_RE.match(text, a)
    if m is None or (a and (text[a - 1].isalnum() or text[a - 1] == ".")):
        return None
    form = m.group(0)
    abbreviations = g.abbreviations
    i = abbreviations.get(form)
    while i is None and form.count(".") > 1:
        # "U.S.A." is in the table; "U.S.-Mexico" is matched as far as "U.S."
        form = form[: form.rindex(".", 0, len(form) - 1) + 1]
        i = abbreviations.get(form)
    b = a + len(form)
    if i is None or (b < len(text) and text[b].isalnum()):
        return None
    if g.fcode[i] == "ADM1":
        # "Ky." is a state only where datelines and party labels put it: ", Ky." "R-Ky."
        before = text[max(0, a - 2) : a]
        if not (before.endswith(", ") or before.endswith("-") or before.endswith("(")):
            return None
    return _Mention(a, b, form, (i,), abbreviation=True, surface=form)


def _look(m: _Mention, text: str) -> _Mention:
    """Fill in the words around a mention (computed only for the names that need them):
    a locative before it ("in", "near", "of" after a person), whether it starts a sentence."""
    if m.looked:
        return m
    m.looked = True
    a = m.start
    prev, pos = _word_before(text, a)
    if prev == "the":
        prev = _word_before(text, pos)[0]
        m.locative = prev in LOCATIVE
    else:
        m.locative = prev in LOCATIVE or (prev == "of" and _of_residence(text, a))
    m.strong_locative = prev in STRONG_LOCATIVE
    if m.embedded:
        # "in Alexandria Police custody": the preposition governs the organisation
        m.locative = m.strong_locative = False
    m.sentence_initial = _is_sentence_initial(text, a)
    return m


def _place_cue(g: Gazetteer, text: str, a: int, b: int) -> bool:
    """A strong sign that a name the article uses as a surname is here a place."""
    prev = _word_before(text, a)[0]
    return prev in STRONG_LOCATIVE or bool(_qualifier(g, text, b))


def _names_a_country(g: Gazetteer, m: _Mention) -> bool:
    """A country's name is nobody's surname, whatever a run elsewhere made of it."""
    return any(g.fcode[i] == "PCLI" for i in m.cands)


def _low(token: str) -> str:
    """A token's index form; the cheap path for plain ASCII words."""
    if token.isascii() and "." not in token:
        return token.lower()
    return normalize_name(token)


def _after_org_of(text: str, c_start: int) -> bool:
    """ "University of Cairo", "Bank of America": a name after "<organisation> of" is embedded."""
    # the words before, nearest first, read only as far as the answer needs ("in the
    # United States" is decided at "in")
    w1, p1 = _word_before(text, c_start)
    if w1 not in ("of", "the"):
        return False
    w2, p2 = _word_before(text, p1)
    if w2 in ORG_WORDS:
        return True
    return w2 == "of" and _word_before(text, p2)[0] in ORG_WORDS


def _of_residence(text: str, a: int) -> bool:
    """ "Steven Sachs of Alexandria", "a man, 44, of Alexandria": "of" after a person or age."""
    before = text[max(0, a - 40) : a - 3].rstrip()
    if not before:
        return False
    if before[-1] == ",":
        return True
    words = before.split()
    last = words[-1] if words else ""
    return (
        bool(last)
        and last[0].isupper()
        and last.lower() not in ORG_WORDS
        and (last.lower() not in ("university", "city", "state", "town", "county", "republic"))
    )


def _person_start(
    g: Gazetteer, chunk: str, toks: list[tuple[int, int, str]], lows: list[str]
) -> int | None:
    """Which token a person's name starts at in a capitalised run, or None.

    "Michael Jordan", "Mr. Paris" are people from the first word; "Anderson County Sheriff
    Greg Taylor" and "Lewisburg Mayor John Manchester" from the title on. (A title before
    the run, "Sen. Jordan", and an age after it, "Henry, 19,", are checked in context.)
    """
    n = len(toks)
    person_words = _person_words(g)
    if person_words.isdisjoint(lows[:-1]) and not any(w.endswith(".") for w in lows[:-1]):
        return None  # no title or common first name before the last word
    for k in range(n - 1):
        if chunk[toks[k][1] : toks[k + 1][0]] != " ":
            continue
        w = lows[k].rstrip(".")
        if w in TITLES:
            return k
        f = g.first_names.get(w)
        if f is not None and f >= 0.004:
            tail = lows[k:]
            whole = normalize_name(chunk[toks[k][0] : toks[-1][1]])
            if whole in g.names or any(t in ORG_WORDS or t in PLACE_TYPE_WORDS for t in tail):
                continue
            # "Jordan Valley" was caught above; "Paris Hilton", "Michael Jordan" are people
            return k
    return None


def _unlisted_person(g: Gazetteer, chunk: str, lows: list[str]) -> bool:
    """A two-word run of a given name no list has and a surname that is also a place:
    "Denzel Washington", "Salam Pax". The first word names no place, is no English word,
    title or organisation word, and the two are no gazetteer name together."""
    first, last = lows
    return (
        last in g.surnames
        and first.isalpha()
        and len(first) > 2
        and first not in g.first_words
        and first not in g.common_words
        and first not in g.demonyms
        and first not in TITLES
        and first not in ORG_WORDS
        and first not in TEAM_FIRST
        and normalize_name(chunk) not in g.names
    )


_PERSON_WORDS: dict[int, frozenset[str]] = {}


def _person_words(g: Gazetteer) -> frozenset[str]:
    """Titles and first names common enough (0.004% of people or more) to start a person's
    name in a capitalised run; computed once per process."""
    words = _PERSON_WORDS.get(id(g))
    if words is None:
        common = (w for w, f in g.first_names.items() if f >= 0.004)
        words = _PERSON_WORDS[id(g)] = frozenset(TITLES).union(common)
    return words


# --- step 2: resolution ---------------------------------------------------------------------


_OWN_KEYS: dict[int, str] = {}  # entry -> its own name's index form


def _own_key(g: Gazetteer, i: int) -> str:
    """Entry `i`'s own name as the index writes it (cached: names recur across articles)."""
    k = _OWN_KEYS.get(i)
    if k is None:
        if len(_OWN_KEYS) > 200_000:
            _OWN_KEYS.clear()
        k = _OWN_KEYS[i] = normalize_name(g.name[i])
    return k


def _prior(g: Gazetteer, i: int, key: str) -> float:
    """How likely entry `i` is what a name means before context: type and population.

    A division matched only through an alias ("Aleppo" for the governorate Ḩalab) yields to
    the place whose own name it is: news names the city, and says "province" for the rest.
    """
    code = g.fcode[i]
    if code.startswith("PPL"):
        p = math.log10(g.pop[i] + 10)
        if code == "PPLC" and g.pop[i] >= 100_000 and _own_key(g, i) == key:
            return max(p, CAPITAL_PRIOR)
        return p
    if code == "ADM1":
        base = 5.0 + 0.45 * math.log10(g.pop[i] + 1)
    elif code == "ADM2":
        base = 3.0 + 0.35 * math.log10(g.pop[i] + 1)
    else:
        base = BASE_PRIOR.get(code, 6.0)
        if code == "PCLI" and g.pop[i]:
            base += 0.1 * math.log10(g.pop[i] + 1)
    if code in ("ADM1", "ADM2") and _own_key(g, i) != key:
        base -= 3.0
    return base


_LOCAL = frozenset(("PPL", "PPLC", "ADM1", "ADM2"))


@dataclass(slots=True)
class _Context:
    """What the article's places (each group's current reading) say, as counts.

    Counts rather than sets so one group's own contribution can be taken out cheaply when
    that group is scored: a name does not support itself.
    """

    countries: dict[str, int] = field(default_factory=dict)
    countries_local: dict[str, int] = field(default_factory=dict)  # of places inside them
    adm1: dict[str, int] = field(default_factory=dict)  # "US.TX"
    adm1_local: dict[str, int] = field(default_factory=dict)  # of places inside it
    adm2: dict[str, int] = field(default_factory=dict)
    points: list[tuple[float, float, int]] = field(default_factory=list)  # lat, lon, group


_Own = tuple[str, str, str, str, str]  # country, local country, admin1, local admin1, admin2


def _contribution(cc: str, code: str, cca1: str, cca1a2: str) -> _Own:
    """What a reading adds to the article's context (see `_Context`)."""
    if code == "PCLI" or not cc or code not in _LOCAL:
        return (cc, "", "", "", "")
    if code == "ADM1":
        return (cc, cc, cca1, "", "")
    return (cc, cc, cca1, cca1, cca1a2)


def _context(groups: list[_Group]) -> tuple[_Context, list[_Own]]:
    countries: dict[str, int] = {}
    countries_local: dict[str, int] = {}
    adm1: dict[str, int] = {}
    adm1_local: dict[str, int] = {}
    adm2: dict[str, int] = {}
    points: list[tuple[float, float, int]] = []
    owns: list[_Own] = []
    for n, grp in enumerate(groups):
        r = grp.row
        assert r is not None
        own = r[11]
        owns.append(own)
        cc, lcc, a1, la1, a2 = own
        if cc:
            countries[cc] = countries.get(cc, 0) + 1
        if lcc:
            countries_local[lcc] = countries_local.get(lcc, 0) + 1
        if a1:
            adm1[a1] = adm1.get(a1, 0) + 1
        if la1:
            adm1_local[la1] = adm1_local.get(la1, 0) + 1
            points.append((r[7], r[8], n))
        if a2:
            adm2[a2] = adm2.get(a2, 0) + 1
    return _Context(countries, countries_local, adm1, adm1_local, adm2, points), owns


def _fast_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


_MAX_CANDS = 60
ROUNDS = 3  # priors and agreement, then two readings of the others
_NEAR_TOP = 4  # readings per name that get the (costlier) distance check


@dataclass(slots=True)
class _Frame:
    """Per-group facts resolution reuses: priors, qualifiers, agreement votes."""

    priors: list[_Row]  # the readings scored in this article
    quals: frozenset[tuple[str, str]]  # (country, admin1 or "") named right after the name
    county: bool
    total: dict[str, float] = field(default_factory=dict)  # all names' votes
    rows: tuple[_Row, ...] = ()
    vote: dict[str, float] = field(default_factory=dict)
    famous: bool = False  # some readings are famous, others not (`_is_famous`)
    famous_areas: frozenset[str] = frozenset()  # countries of its famous first-level areas
    # "CC.A1" / "CC.A1.A2" of divisions the article's names may be -> which groups' readings
    # they are (`_areas_named`)
    areas_named: dict[str, set[int]] = field(default_factory=dict)
    areas_of: tuple[str, ...] = ()  # the divisions its own readings are


# A reading, with what scoring reads of it precomputed once per process:
# (entry, prior, "CC.A1", country, feature code, "CC.A1.A2" or "", admin1, lat, lon,
#  cos(lat)^2, whether distance to other places counts for it, its `_contribution`,
#  whether it is the name's famous sense, `_is_famous`)
_Row = tuple[int, float, str, str, str, str, str, float, float, float, bool, _Own, bool]
# rows, vote, whether some rows are famous and others not, a first-level division and the
# major city of its name inside it (`_city_over_division`) or (-1, -1), and the divisions
# its readings are ("CC.A1" of ADM1 rows, "CC.A1.A2" of ADM2 rows; see `_areas_named`)
_KeyFacts = tuple[
    tuple[_Row, ...], dict[str, float], bool, tuple[int, int], tuple[str, ...], frozenset[str]
]
_KEY_CACHE: dict[tuple[str, int], _KeyFacts] = {}
_TOP = 8  # readings per name always scored; more only where the article points


def _row(g: Gazetteer, i: int, key: str) -> _Row:
    cc, a1, code = g.cc[i], g.adm1[i], g.fcode[i]
    cca1 = f"{cc}.{a1}"
    cca1a2 = f"{cca1}.{g.adm2[i]}" if g.adm2[i] else ""
    la = g.lat[i]
    return (
        i,
        _prior(g, i, key),
        cca1,
        cc,
        code,
        cca1a2,
        a1,
        la,
        g.lon[i],
        math.cos(math.radians(la)) ** 2,
        code.startswith("PPL") or code == "ADM2",
        _contribution(cc, code, cca1, cca1a2),
        _is_famous(g, i, key),
    )


# What the world means by a name, wherever the article comes from: a country, a continent, a
# region of our table, a national capital of FAMOUS_CAPITAL people, a city of MAJOR_CITY
# people, or a first-level area of that size (a US state, a UK nation), each by its own name
# ("New York" for New York City too). A namesake (London, Ontario; Paris, Texas; the village
# of Wales in Yorkshire) is read only where the article points to its region. An old or
# foreign name of a big city ("Berea" for Aleppo) makes it no famous sense of that name.
FAMOUS_CAPITAL = 100_000
# ... and where it does, the famous sense still starts this much ahead of the namesake
FAMOUS_BONUS = 1.0


def _is_famous(g: Gazetteer, i: int, key: str) -> bool:
    code = g.fcode[i]
    if code in ("PCLI", "CONT") or code in REGION_CODES:
        return True
    own = _own_key(g, i)
    if own != key and own != key + " city":
        return False
    pop = g.pop[i]
    if code.startswith("PPL"):
        return pop >= MAJOR_CITY or (code == "PPLC" and pop >= FAMOUS_CAPITAL)
    return code == "ADM1" and pop >= MAJOR_CITY


def _city_over_division(g: Gazetteer, rows: Iterable[_Row]) -> tuple[int, int]:
    """A first-level division sharing its name with a major city inside it ("New York",
    "São Paulo"): news means the city unless it says otherwise (`_division_cue`), and then
    the division throughout the article. Returns (division, city) entries, or (-1, -1)."""
    cities = {
        (r[3], r[6]): r[0] for r in rows if r[4].startswith("PPL") and g.pop[r[0]] >= MAJOR_CITY
    }
    if cities:
        for r in rows:
            city = cities.get((r[3], r[6])) if r[4] == "ADM1" else None
            if city is not None:
                return r[0], city
    return -1, -1


# Words around a name that make it the first-level division, not the city of that name:
# "New York state", "upstate New York", "the governor of New York", "the New York border".
_DIVISION_AFTER_RE = re.compile(
    r"(?:’s|'s)? (?:[Ss]tate\b|border|governor|[Gg]overnor|legislature|[Ll]egislature"
    r"|attorney general|[Aa]ttorney [Gg]eneral|counties|[Cc]ounty)"
)
_DIVISION_BEFORE = _words(
    """
    upstate downstate
    """
)


def _division_cue(text: str, m: _Mention) -> bool:
    if _DIVISION_AFTER_RE.match(text, m.end):
        return True
    low = text[max(0, m.start - 30) : m.start].lower()
    if low.endswith(("state of ", "governor of ", "legislature of ")):
        return True
    return _word_before(text, m.start)[0] in _DIVISION_BEFORE


# A city this big owns its name in its country: "Philadelphia" in an article that also names
# New York is Philadelphia, Pennsylvania, not the village of 1,200 in New York state. Towns of
# under a hundredth of its size there start MAJOR_CITY_PENALTY lower, more than a state's
# support gives; a qualifier ("Philadelphia, N.Y.") still wins them back.
MAJOR_CITY = 1_000_000
MAJOR_CITY_PENALTY = 3.0


def _yield_to_major_city(g: Gazetteer, rows: list[_Row]) -> list[_Row]:
    major: dict[str, int] = {}
    for r in rows:
        if r[4].startswith("PPL") and g.pop[r[0]] >= MAJOR_CITY:
            major[r[3]] = max(major.get(r[3], 0), g.pop[r[0]])
    if not major:
        return rows
    return [
        (r[0], r[1] - MAJOR_CITY_PENALTY, *r[2:])
        if r[4].startswith("PPL") and r[3] in major and g.pop[r[0]] * 100 < major[r[3]]
        else r
        for r in rows
    ]


# A place matched by one of its other names (an old, foreign or informal one: "Berea" for
# Aleppo, "Monterey" for Monterrey) starts this much lower where the name is another
# place's own: news writes a place's own name, so that place is the likelier reading.
ALTERNATE_PENALTY = 2.0


def _yield_to_own_name(g: Gazetteer, rows: list[_Row], key: str) -> list[_Row]:
    places = [r for r in rows if r[4].startswith("PPL")]
    if len(places) < 2:
        return rows
    # its own name, or the short form of it ("Newcastle" for Newcastle upon Tyne)
    own = {r[0] for r in places if _own_name(_own_key(g, r[0]), key)}
    if not own or len(own) == len(places):
        return rows
    return [
        (r[0], r[1] - ALTERNATE_PENALTY, *r[2:])
        if r[4].startswith("PPL") and r[0] not in own
        else r
        for r in rows
    ]


def _own_name(name: str, key: str) -> bool:
    return name == key or name.startswith(key + " ")


def _key_facts(g: Gazetteer, key: str, cands: tuple[int, ...]) -> _KeyFacts:
    """What a name's readings are regardless of the article: its rows, best prior first,
    and the name's vote over first-order divisions (see `_soft_support`). Cached per
    process: the same names recur across articles."""
    ck = (key, id(cands))
    facts = _KEY_CACHE.get(ck)
    if facts is not None:
        return facts
    rows = tuple(
        sorted(
            _yield_to_own_name(g, _yield_to_major_city(g, [_row(g, i, key) for i in cands]), key),
            key=lambda r: (-r[1], r[0]),
        )
    )
    vote: dict[str, float] = {}
    z = 0.0
    for r in rows:
        if r[3] and r[4] in _LOCAL:
            w = 10 ** (r[1] / 2)
            vote[r[2]] = vote.get(r[2], 0.0) + w
            z += w
    if z:
        vote = {k: v / z for k, v in vote.items() if v / z > 0.005}
    if len(_KEY_CACHE) > 100_000:
        _KEY_CACHE.clear()
    famous = any(r[12] for r in rows) and not all(r[12] for r in rows)
    areas = tuple(
        r[2] if r[4] == "ADM1" else r[5]
        for r in rows
        if r[4] == "ADM1" or (r[4] == "ADM2" and r[5])
    )
    famous_areas = (
        frozenset(r[3] for r in rows if r[12] and r[4] == "ADM1") if famous else frozenset()
    )
    facts = _KEY_CACHE[ck] = (
        rows,
        vote,
        famous,
        _city_over_division(g, rows),
        areas,
        famous_areas,
    )
    return facts


def _frame(g: Gazetteer, grp: _Group, text: str) -> _Frame:
    rows, vote, famous, division, areas_of, areas = _key_facts(g, grp.key, grp.cands)
    quals: set[tuple[str, str]] = set()
    county = False
    for m in grp.mentions:
        for q in m.qualifier:
            quals.add((g.cc[q], g.adm1[q] if g.fcode[q] == "ADM1" else ""))
        county = county or m.county
    if division[0] >= 0:
        drop = division[1] if any(_division_cue(text, m) for m in grp.mentions) else division[0]
        rows = tuple(r for r in rows if r[0] != drop)
    fr = grp.frame = _Frame([], frozenset(quals), county, {}, rows, vote, famous, areas)
    fr.areas_of = areas_of
    return fr


def _regional(
    r: _Row,
    fr: _Frame,
    adm1: dict[str, int],
    own_a1: str,
    points: list[tuple[float, float, int]],
    me: int,
    local: int = 1,
    alone: bool = False,
) -> bool:
    """Whether the article points to a namesake's region: a qualifier ("London, Ontario"),
    its first-level division or another place inside it, the other names' votes for that
    division, or a place within 40 km (of `points`, but not group `me`'s own; `local`: how
    many of the others' places lie in its country, none means none is near). One place of
    its state is enough where every other place of the article lies in its country
    (`alone`: "Paris" and "Dallas" in a story that names nothing abroad). Only a famous
    name's namesakes need it.

    Where the famous sense is itself a first-level area of the namesake's country, naming
    another such area is no pointer: "England and Wales" lists the UK's nations, it does not
    put the village of Wales in England."""
    quals, a1 = fr.quals, r[2]
    if quals and ((r[3], "") in quals or (r[3], r[6]) in quals):
        return True
    if r[3] in fr.famous_areas:
        return local > 0 and bool(points) and _near_bonus(r, points, me) >= _NEAR_MAX
    n_a1 = adm1.get(a1, 0) - (own_a1 == a1)
    if n_a1 > 1 or (n_a1 == 1 and (alone or _named_by_other(fr, a1, me))):
        return True  # two places of its state, or the state itself ("Paris" and "Texas")
    if r[5] and _named_by_other(fr, r[5], me):
        return True  # "Paris" and "Henry County" (Tennessee's among the counties so named)
    sup = fr.total.get(a1)
    if sup and sup - fr.vote.get(a1, 0.0) >= 1.2:
        return True  # more than one other name may lie in its state
    return local > 0 and bool(points) and _near_bonus(r, points, me) >= _NEAR_MAX


def _score0(r: _Row, fr: _Frame) -> float:
    """A reading's score before any reading is chosen (an empty context): prior, qualifier,
    county word and the others' soft support. `_resolve` adds what the others' choices say."""
    s, a1, cc, code, adm1 = r[1], r[2], r[3], r[4], r[6]
    quals = fr.quals
    if quals and ((cc, "") in quals or (cc, adm1) in quals):
        s += 6.0
    if code == "ADM2" and fr.county:
        s += 3.0
    if code == "PCLI" or not cc:
        return s
    sup = fr.total.get(a1)
    if sup:
        sup -= fr.vote.get(a1, 0.0)
        if sup > 0.01:
            s += 2.0 * min(sup, 1.0)
    return s


_KM_PER_DEG = 111.19
_NEAR_MAX = 1.5
_NEAR2 = (40 / _KM_PER_DEG) ** 2
_CLOSE2 = (150 / _KM_PER_DEG) ** 2


def _near_bonus(r: _Row, points: list[tuple[float, float, int]], me: int) -> float:
    """Bonus for a reading near the article's other places (equirectangular, in degrees:
    exact enough at these distances and much cheaper than trigonometry per pair)."""
    if not r[10]:
        return 0.0
    la, lo, c2 = r[7], r[8], r[9]
    best = 1e9
    for p, q, n in points:
        if n != me:
            d2 = (p - la) ** 2 + (q - lo) ** 2 * c2
            if d2 < best:
                best = d2
    return _NEAR_MAX if best < _NEAR2 else 0.75 if best < _CLOSE2 else 0.0


def _soft_support(g: Gazetteer, frames: list[_Frame]) -> None:
    """For each group, how much the article's *other* names could lie in each first-order
    division: each name spreads one unit over the divisions of its readings, weighted by
    the square root of their prior odds (so "Atlanta" mostly votes Georgia, "Springfield"
    votes weakly everywhere). It lets two ambiguous names agree ("Paris" and "Henry County"
    both in Tennessee) before either is settled.

    Then each group keeps its `_TOP` readings by prior plus any reading in a division the
    others support or its qualifier names: a village wins only where the article points.
    """
    total: dict[str, float] = {}
    for fr in frames:
        for k, v in fr.vote.items():
            total[k] = total.get(k, 0.0) + v
    for fr in frames:
        vote = fr.vote
        fr.total = total
        quals = fr.quals
        rows = fr.rows
        keep = list(rows[:_TOP])
        for r in rows[_TOP:]:
            if total.get(r[2], 0.0) - vote.get(r[2], 0.0) >= 0.25 or (
                quals and ((r[3], "") in quals or (r[3], r[6]) in quals)
            ):
                keep.append(r)
        fr.priors = keep


def _named_by_other(fr: _Frame, area: str, me: int) -> bool:
    owners = fr.areas_named.get(area)
    return owners is not None and (len(owners) > 1 or me not in owners)


def _areas_named(frames: list[_Frame]) -> None:
    """For each famous name, the divisions the article's other names may be: any reading of
    theirs that is a first- or second-level division, chosen or not. A county or state named
    in the article points to a namesake inside it, however the county's own name resolves."""
    owners: dict[str, set[int]] = {}
    for n, fr in enumerate(frames):
        for area in fr.areas_of:
            owners.setdefault(area, set()).add(n)
    for fr in frames:
        if fr.famous:
            fr.areas_named = owners
            # a namesake in a state where no other name may lie can never be pointed to
            # (`_regional`): it leaves the readings scored, once, before the rounds
            total, vote, quals = fr.total, fr.vote, fr.quals
            fr.priors = [
                r
                for r in fr.priors
                if r[12]
                or total.get(r[2], 0.0) - vote.get(r[2], 0.0) > 0.0
                or (quals and ((r[3], "") in quals or (r[3], r[6]) in quals))
            ]


def _resolve(g: Gazetteer, groups: list[_Group], text: str, again: bool = False) -> None:
    """Choose each group's reading: priors and agreement first, then rounds in which every
    group reads the others' current choices. `again`: the groups were resolved before
    (with names since rejected among them); one round from their current choices.

    A round whose choices equal the previous round's is a fixed point (the next round would
    read the same context), so the rounds stop there."""
    frames = [grp.frame or _frame(g, grp, text) for grp in groups]
    _soft_support(g, frames)
    if any(fr.famous for fr in frames):
        _areas_named(frames)
    open_groups: list[tuple[int, _Group, _Frame]] = []
    for n, (grp, fr) in enumerate(zip(groups, frames, strict=True)):
        rows = fr.priors
        if len(rows) == 1:
            r = rows[0]
            grp.best, grp.row = r[0], r
        else:
            open_groups.append((n, grp, fr))
    if not open_groups:
        return
    if again:
        ctx, owns = _context(groups)
        rounds = range(1, 2)
    else:
        for _n, grp, fr in open_groups:
            rows = fr.priors
            if fr.famous:
                rows = [r for r in rows if r[12] or _regional(r, fr, {}, "", [], -1)] or rows
            top = max((_score0(r, fr), -r[0], r) for r in rows)
            grp.best, grp.row = -top[1], top[2]
        ctx, owns = _context(groups)
        rounds = range(1, ROUNDS)
    last = rounds[-1]
    before = [grp.best for _n, grp, _fr in open_groups]
    for rnd in rounds:
        points = ctx.points
        countries, countries_local = ctx.countries, ctx.countries_local
        n_in_countries = sum(countries.values())
        adm1, adm1_local, adm2 = ctx.adm1, ctx.adm1_local, ctx.adm2
        for n, grp, fr in open_groups:
            # Each reading's score: prior plus what the article says around the name and
            # elsewhere, but not the group's own current reading (`owns[n]`), which takes
            # its own contribution out of the counts. Written out inline: the hottest loop.
            o_cc, o_lcc, o_a1, o_la1, o_a2 = owns[n]
            quals, county, total, vote = fr.quals, fr.county, fr.total, fr.vote
            famous = fr.famous
            scored = []
            for r in fr.priors:
                if (
                    famous
                    and not r[12]
                    and not _regional(
                        r,
                        fr,
                        adm1,
                        o_a1,
                        points,
                        n,
                        countries_local.get(r[3], 0) - (o_lcc == r[3]),
                        n_in_countries - (o_cc != "") == countries.get(r[3], 0) - (o_cc == r[3]),
                    )
                ):
                    continue  # a famous name's namesake where the article never points
                sc, a1, cc, code = r[1], r[2], r[3], r[4]
                if famous and r[12]:
                    sc += FAMOUS_BONUS
                if quals and ((cc, "") in quals or (cc, r[6]) in quals):
                    sc += 6.0
                if code == "ADM2" and county:
                    sc += 3.0
                if code == "PCLI":
                    if countries_local.get(cc, 0) - (o_lcc == cc) > 0:
                        sc += 2.0
                elif cc:
                    if countries.get(cc, 0) - (o_cc == cc) > 0:
                        sc += 1.5
                    sup = total.get(a1)
                    if sup:
                        sup -= vote.get(a1, 0.0)
                        if sup > 0.01:
                            sc += 2.0 * min(sup, 1.0)
                    if code == "ADM1":
                        if adm1_local.get(a1, 0) - (o_la1 == a1) > 0:
                            sc += 2.5
                    elif adm1.get(a1, 0) - (o_a1 == a1) > 0:
                        sc += 2.5
                        a2 = r[5]
                        if a2 and adm2.get(a2, 0) - (o_a2 == a2) > 0:
                            sc += 1.5
                scored.append((sc, -r[0], r))
            if not scored:
                scored = [(r[1], -r[0], r) for r in fr.priors]
            scored.sort(reverse=True)
            top = scored[0]
            if points and len(scored) > 1 and top[0] <= scored[1][0] + _NEAR_MAX:
                # the distance bonus (at most _NEAR_MAX) can change the order of the top few
                top = max(
                    (sc + _near_bonus(r, points, n), ni, r) for sc, ni, r in scored[:_NEAR_TOP]
                )
            grp.best, grp.row = -top[1], top[2]
        if rnd == last:
            break
        now = [grp.best for _n, grp, _fr in open_groups]
        if now == before:
            break  # a fixed point: the next round would read the same context
        before = now
        ctx, owns = _context(groups)


# --- step 3: acceptance ---------------------------------------------------------------------


def _accept(g: Gazetteer, grp: _Group, groups: list[_Group], text: str) -> bool:
    """Whether a resolved name is a place mention here, not a word, a person or a brand.

    The words around the mentions (`_look`) are read only where the decision needs them."""
    i = grp.best
    if i is None:
        return False
    code = g.fcode[i]
    ms = grp.mentions
    if grp.key[0] == "~":
        # matched by its spelling only ("Deir Ezzor"): kept where the article names a place
        # of that country by its gazetteer name, not only inside a longer name, and not
        # only at the start of sentences without a locative
        cc = g.cc[i]
        if _all_in_names(ms) or (_all_initial(ms, text) and not _evidence(ms, text)):
            return False  # a capitalised common word starting a sentence ("Race ...")
        if " " not in ms[0].surface.strip() and "-" not in ms[0].surface:
            # one word folds together with many (a tennis player's surname, a stadium): it
            # needs a locative ("near Qamishlo") and a big place or a place of its province
            # named by its own name ("Efrin" beside Aleppo)
            if not _evidence(ms, text):
                return False
            a1 = (cc, g.adm1[i])
            return g.pop[i] >= 100_000 or any(
                o is not grp
                and o.key[0] != "~"
                and o.best is not None
                and (g.cc[o.best], g.adm1[o.best]) == a1
                for o in groups
            )
        return any(
            o is not grp and o.key[0] != "~" and o.best is not None and g.cc[o.best] == cc
            for o in groups
        )
    for m in ms:
        if m.demonym or m.abbreviation or m.county:
            return True
    if code in ("PCLI", "CONT"):
        return True
    key = grp.key
    multi = " " in key
    famous = grp.row is not None and grp.row[12] and (multi or code != "ADM1")
    if famous and not _all_in_names(ms) and (multi or key not in g.common_words):
        # a capital, a city or a state of millions by its own name: what news means
        return True
    common = key in g.common_words if not multi else all(w in g.common_words for w in key.split())
    if code in BASE_PRIOR and code not in ("ADM1", "ADM2"):
        # seas, regions: what news means by these names; a common word that starts every
        # sentence it is in, with no other evidence, is the word
        if not common or multi:
            return True
        return not (_all_initial(ms, text) and not _evidence(ms, text))
    surname = not multi and (key in g.surnames or key in g.first_names)
    pop = g.pop[i]
    if code == "ADM1":
        cc = g.cc[i]
        same_country = any(
            o is not grp and o.best is not None and g.cc[o.best] == cc for o in groups
        )
        if common or surname:
            return _evidence(ms, text) or (same_country and not _all_initial(ms, text))
        return pop >= 1_000_000 or same_country or _evidence(ms, text)
    if common:
        return any((_look(m, text).locative and not m.in_name) or m.qualifier for m in ms)
    if surname:
        # a surname inside a longer name ("Lee Academy", "Webb Center", "Madison Central")
        # is the person it honours unless a qualifier says otherwise
        if all(m.embedded or m.in_name for m in ms):
            # ... but a big city's name on a city's institution is the city ("Dallas Fire
            # Department", "Houston Police")
            return any(m.qualifier for m in ms) or (
                pop >= 200_000 and any(m.embedded and not m.in_name for m in ms)
            )
        return _evidence(ms, text) or (pop >= 1000 and _fits_geography(g, grp, groups))
    if pop >= 50_000 or _evidence(ms, text) or _fits_geography(g, grp, groups):
        return True
    return multi and pop >= 5_000


def _all_in_names(ms: list[_Mention]) -> bool:
    return all(m.in_name or m.embedded for m in ms)


def _evidence(ms: list[_Mention], text: str) -> bool:
    """A locative before a mention or a qualifier after it."""
    return any(_look(m, text).locative or m.qualifier for m in ms)


def _all_initial(ms: list[_Mention], text: str) -> bool:
    return all(_look(m, text).sentence_initial for m in ms)


def _fits_geography(g: Gazetteer, grp: _Group, groups: list[_Group]) -> bool:
    """Whether the reading lies where the article's other places are (same state, or close)."""
    i = grp.best
    assert i is not None
    cc, a1 = g.cc[i], f"{g.cc[i]}.{g.adm1[i]}"
    for other in groups:
        if other is grp or other.best is None:
            continue
        j = other.best
        if g.cc[j] != cc:
            continue
        cj = g.fcode[j]
        if cj == "PCLI":
            continue
        if f"{g.cc[j]}.{g.adm1[j]}" == a1:
            return True
        if cj.startswith("PPL") and _fast_km(g.lat[i], g.lon[i], g.lat[j], g.lon[j]) < 100:
            return True
    return False


# --- output ---------------------------------------------------------------------------------


# A village reading is trusted only where the article points; this is how small "fits no
# entry well" is.
_UNFIT_MAX_POPULATION = 50_000


def _fits_no_entry(g: Gazetteer, grp: _Group, countries: dict[str, int]) -> bool:
    """Whether the chosen reading is a small place in a country the article never names,
    while it names others: "al-Hamdaniya" in an article about Aleppo has no entry of its own
    in Syria, and the village of that name in Iraq would be wrong. Left unresolved.
    `countries`: how many of the article's names lie in each country."""
    i = grp.best
    assert i is not None
    if not g.fcode[i].startswith("PPL") or g.pop[i] > _UNFIT_MAX_POPULATION:
        return False
    if any(m.qualifier for m in grp.mentions):
        return False
    cc = g.cc[i]
    alone = bool(cc) and countries.get(cc) == 1  # no other name lies in its country
    # some other name lies in a country, and none in this one
    return len(countries) - alone > 0 and (not cc or alone)


def _to_places(g: Gazetteer, groups: list[_Group]) -> list[Place]:
    by_entry: dict[int, list[_Mention]] = {}
    unresolved: dict[str, list[_Mention]] = {}
    countries: dict[str, int] = {}
    for grp in groups:
        assert grp.best is not None
        cc = g.cc[grp.best]
        if cc:
            countries[cc] = countries.get(cc, 0) + 1
    for grp in groups:
        assert grp.best is not None
        if _fits_no_entry(g, grp, countries):
            for m in grp.mentions:
                unresolved.setdefault(m.key, []).append(m)
        else:
            by_entry.setdefault(grp.best, []).extend(grp.mentions)
    places: list[Place] = []
    for ms in unresolved.values():
        ms.sort(key=_START)
        places.append(
            Place(
                name=ms[0].surface,
                mentions=[(m.start, m.end) for m in ms],
                embedded=[(m.start, m.end) for m in ms if m.embedded],
            )
        )
    for i, ms in by_entry.items():
        ms.sort(key=_START)
        code = g.fcode[i]
        places.append(
            Place(
                name=g.name[i],
                geonameid=g.gid[i] or None,
                country_code=g.cc[i] or None,
                admin1=g.adm1[i] or None,
                admin2=g.adm2[i] or None,
                continent=g.continent_of(i),
                feature_class=FEATURE_CLASS.get(code, "P"),
                feature_code=code,
                lat=g.lat[i],
                lon=g.lon[i],
                population=g.pop[i] or None,
                mentions=[(m.start, m.end) for m in ms],
                embedded=[(m.start, m.end) for m in ms if m.embedded],
                demonym=[(m.start, m.end) for m in ms if m.demonym],
            )
        )
    places.sort(key=lambda p: p.mentions[0])
    return places
