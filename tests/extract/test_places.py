"""Place extraction: recognition, resolution, hierarchy and the region look-up.

Sentences here are written for these tests in the way news writes; none come from the eval
data. The seed article is a real RT report about Aleppo (tests/fixtures).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from archive.extract import extract_article
from archive.extract.gazetteer import RegionMatch, resolve_region
from archive.extract.places import extract_places
from archive.schemas import Place

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED = (FIXTURES / "aleppo-rt-2016.txt").read_text(encoding="utf-8")


def _by_name(places: list[Place], text: str) -> dict[str, Place]:
    """Places keyed by every surface form that mentions them."""
    out: dict[str, Place] = {}
    for p in places:
        for a, b in p.mentions:
            out[text[a:b]] = p
    return out


def _surfaces(places: list[Place], text: str) -> set[str]:
    return {text[a:b] for p in places for a, b in p.mentions}


# --- the seed article ---------------------------------------------------------------------


def test_seed_article_finds_aleppo_syria_qatar_saudi_arabia() -> None:
    places = extract_places(SEED)
    by_id = {p.geonameid: p for p in places}
    aleppo = by_id[170063]
    assert aleppo.country_code == "SY"
    assert aleppo.name == "Aleppo"
    assert aleppo.feature_class == "P"
    codes = {p.country_code for p in places if p.feature_code == "PCLI"}
    assert {"SY", "QA", "SA"} <= codes


def test_seed_article_marks_cairo_embedded() -> None:
    places = extract_places(SEED)
    cairo = next(p for p in places if p.name == "Cairo")
    assert cairo.country_code == "EG"
    assert cairo.embedded == cairo.mentions
    assert SEED[slice(*cairo.embedded[0])] == "Cairo"


def test_seed_article_every_aleppo_is_a_mention() -> None:
    """ "east Aleppo", "west Aleppo", "western districts of Aleppo": each one a mention."""
    places = extract_places(SEED)
    aleppo = next(p for p in places if p.geonameid == 170063)
    assert len(aleppo.mentions) == SEED.count("Aleppo")


# --- recognition ------------------------------------------------------------------------


def test_spans_index_the_text_exactly() -> None:
    text = "Shelling hit east Aleppo on Sunday. Aleppo's western districts were calm."
    places = extract_places(text)
    spans = [s for p in places for s in p.mentions]
    assert spans, "Aleppo should be found"
    for a, b in spans:
        assert text[a:b] == "Aleppo"
    assert len(spans) == 2


def test_jordan_the_country_vs_michael_jordan() -> None:
    person = (
        "Michael Jordan scored 38 points on Friday night. Jordan said after the game that "
        "his knee felt fine."
    )
    assert extract_places(person) == []
    country = "King Abdullah met the envoy in Amman on Monday. Jordan has taken in refugees."
    found = _by_name(extract_places(country), country)
    assert found["Jordan"].country_code == "JO"
    assert found["Jordan"].feature_code == "PCLI"


def test_surname_of_a_person_in_the_article_is_not_a_place_later() -> None:
    text = "Hillary Clinton spoke in Des Moines, Iowa. Clinton said the economy came first."
    surfaces = _surfaces(extract_places(text), text)
    assert "Clinton" not in surfaces
    assert {"Des Moines", "Iowa"} <= surfaces


def test_people_the_article_quotes_are_not_towns_named_like_them() -> None:
    # Clinton (Iowa), Vladimir (Russia) and Bernie (Missouri) are towns; here they are people,
    # which attribution knows from the roles and names of whom the article quotes.
    text = (
        "Russian President Vladimir Putin said on Tuesday that talks in Geneva had failed.\n\n"
        "Vladimir was also asked about Ohio. Sanders is counting on Michigan to cut into "
        "Clinton’s lead, said Bernie Sanders, who spoke in Detroit.\n\n"
        "Hillary Clinton said she would campaign in Clinton, Iowa, on Monday."
    )
    names = _by_name(extract_article(text).places, text)
    assert {"Geneva", "Ohio", "Michigan", "Detroit", "Iowa"} <= set(names)
    assert "Vladimir" not in names and "Bernie" not in names
    clinton = [
        (a, b)
        for p in extract_article(text).places
        for a, b in p.mentions
        if text[a:b] == "Clinton"
    ]
    # the town after "in" with its state is kept; the person's "Clinton’s lead" is not
    assert clinton == [(text.index("Clinton, Iowa"), text.index("Clinton, Iowa") + 7)]


def test_place_inside_an_organisation_name_is_embedded() -> None:
    text = (
        "The Dallas Fire Department said the blaze was under control by noon, "
        "and a professor at the American University of Cairo called for calm."
    )
    found = _by_name(extract_places(text), text)
    dallas = found["Dallas"]
    assert dallas.country_code == "US" and dallas.admin1 == "TX"
    assert dallas.embedded == dallas.mentions
    cairo = found["Cairo"]
    assert cairo.country_code == "EG"
    assert cairo.embedded == cairo.mentions


def test_demonyms_are_mentions_of_their_country() -> None:
    text = "Syrian troops advanced on Tuesday while Russian jets struck targets near the city."
    found = _by_name(extract_places(text), text)
    syria, russia = found["Syrian"], found["Russian"]
    assert syria.country_code == "SY" and syria.feature_code == "PCLI"
    assert russia.country_code == "RU"
    assert syria.demonym == syria.mentions
    assert russia.demonym == russia.mentions


def test_demonym_in_a_company_name_names_no_place() -> None:
    text = "American Airlines cancelled 200 flights."
    assert extract_places(text) == []


def test_title_case_words_are_not_places_without_evidence() -> None:
    text = (
        "Mobile phones are banned in class. Reading is encouraged at home. "
        "Nice work, the coach told them."
    )
    assert extract_places(text) == []


def test_title_case_word_is_a_place_with_evidence() -> None:
    text = "The storm made landfall near Mobile, Ala., early Sunday."
    found = _by_name(extract_places(text), text)
    assert found["Mobile"].admin1 == "AL"
    assert found["Ala."].feature_code == "ADM1"


def test_street_names_are_not_places() -> None:
    text = "The crash happened at Memphis Street and Augusta Avenue in Alexandria, La."
    surfaces = _surfaces(extract_places(text), text)
    assert "Memphis" not in surfaces
    assert "Augusta" not in surfaces
    assert "Alexandria" in surfaces


def test_abbreviations_us_and_states() -> None:
    text = "U.S. officials met in Lexington, Ky., on Monday."
    found = _by_name(extract_places(text), text)
    assert found["U.S."].country_code == "US"
    assert found["Lexington"].admin1 == "KY"
    assert found["Ky."].admin1 == "KY"


def test_our_region_table_covers_news_regions() -> None:
    text = "Tensions in the Middle East rose as ships crossed the Persian Gulf."
    found = _by_name(extract_places(text), text)
    assert found["Middle East"].feature_code == "RGN"
    assert found["Middle East"].geonameid == 6269133
    assert found["Persian Gulf"].lat is not None


def test_counties_named_together() -> None:
    text = "Schools in Jackson and Barrow counties, northeast of Atlanta, Georgia, closed."
    found = _by_name(extract_places(text), text)
    assert found["Jackson"].feature_code == "ADM2"
    assert found["Jackson"].admin1 == "GA"
    assert found["Barrow"].admin1 == "GA"


# --- resolution ---------------------------------------------------------------------------


def test_paris_texas_by_qualifier() -> None:
    text = "The rodeo in Paris, Texas, drew 3,000 people."
    found = _by_name(extract_places(text), text)
    assert found["Paris"].country_code == "US"
    assert found["Paris"].admin1 == "TX"


def test_paris_alone_is_the_capital() -> None:
    text = "Leaders gathered in Paris for the climate talks."
    found = _by_name(extract_places(text), text)
    assert found["Paris"].country_code == "FR"


def test_paris_near_other_texas_places_is_paris_texas() -> None:
    text = (
        "Storms moved from Dallas toward Sherman and Paris on Tuesday. Lamar County "
        "officials in Paris opened a shelter, and Texas troopers closed roads."
    )
    found = _by_name(extract_places(text), text)
    assert found["Paris"].admin1 == "TX"
    assert found["Lamar County"].admin1 == "TX"


def test_article_places_pull_an_ambiguous_town() -> None:
    text = (
        "An Alexandria man was hurt in a crash on Friday in Douglas County. He was taken to "
        "St. Cloud Hospital. The Minnesota State Patrol is investigating."
    )
    found = _by_name(extract_places(text), text)
    assert found["Alexandria"].admin1 == "MN"
    assert found["Douglas County"].admin1 == "MN"


def test_small_place_in_a_country_the_article_never_names_stays_unresolved() -> None:
    found = _by_name(extract_places(SEED), SEED)
    hamdaniya = found["Hamdaniya"]
    assert hamdaniya.geonameid is None
    assert hamdaniya.lat is None


# --- hierarchy ----------------------------------------------------------------------------


def test_resolved_places_carry_their_hierarchy() -> None:
    aleppo = next(p for p in extract_places(SEED) if p.geonameid == 170063)
    assert aleppo.country_code == "SY"
    assert aleppo.admin1 == "09"
    assert aleppo.continent == "AS"
    assert aleppo.feature_code.startswith("PPL")
    assert aleppo.lat == pytest.approx(36.2, abs=0.1)
    assert aleppo.lon == pytest.approx(37.16, abs=0.1)


def test_deterministic() -> None:
    assert extract_places(SEED) == extract_places(SEED)


def test_empty_text() -> None:
    assert extract_places("") == []
    assert extract_places("no capitals here at all.") == []


def test_nothing_loads_at_import() -> None:
    code = (
        "import archive.extract.places, archive.extract.gazetteer as g; print(g._gazetteer is None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


# --- resolve_region -------------------------------------------------------------------------


def _kinds(matches: list[RegionMatch]) -> dict[str, RegionMatch]:
    return {m.kind: m for m in matches}


def test_resolve_region_country_by_name_alias_and_code() -> None:
    for name in ("Syria", "syria", "SY", "SYR"):
        country = _kinds(resolve_region(name))["country"]
        assert country.country_code == "SY"
        assert country.geonameid == 163843
    assert _kinds(resolve_region("U.S."))["country"].country_code == "US"
    assert _kinds(resolve_region("Britain"))["country"].country_code == "GB"


def test_resolve_region_admin1() -> None:
    texas = _kinds(resolve_region("Texas"))["admin1"]
    assert (texas.country_code, texas.admin1) == ("US", "TX")
    assert _kinds(resolve_region("US-TX"))["admin1"].admin1 == "TX"


def test_resolve_region_continent_lists_its_countries() -> None:
    europe = _kinds(resolve_region("Europe"))["continent"]
    assert {"FR", "DE", "PL"} <= set(europe.country_codes)
    assert "SY" not in europe.country_codes


def test_resolve_region_place_and_ambiguity() -> None:
    matches = resolve_region("Aleppo")
    place = next(m for m in matches if m.kind == "place")
    assert place.geonameid == 170063
    assert place.lat is not None and place.lon is not None
    georgia = {m.kind: m.country_code for m in resolve_region("Georgia")}
    assert georgia["country"] == "GE"
    assert georgia["admin1"] == "US"


def test_resolve_region_regions_and_unknown() -> None:
    mideast = _kinds(resolve_region("Middle East"))["region"]
    assert mideast.geonameid == 6269133
    west_europe = _kinds(resolve_region("Western Europe"))["region"]
    assert "FR" in west_europe.country_codes
    assert resolve_region("Qwxyzzy") == []
    assert resolve_region("  ") == []


def test_writing_an_index_removes_stale_indexes_of_other_versions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import time

    from archive.extract import gazetteer_build

    monkeypatch.setattr(gazetteer_build, "build_index", lambda: {"names": {}})
    stale = tmp_path / "gazetteer-0ld.marshal"
    recent = tmp_path / "gazetteer-n3w.marshal"  # another installation's, in use
    other = tmp_path / "notes.txt"
    for p in (stale, recent, other):
        p.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 86_400
    os.utime(stale, (two_days_ago, two_days_ago))
    os.utime(other, (two_days_ago, two_days_ago))
    path = gazetteer_build.write_index(tmp_path / "gazetteer-current.marshal")
    assert path.is_file()
    assert not stale.exists()
    assert recent.exists() and other.exists()


def test_a_major_city_owns_its_name_in_its_country() -> None:
    # New York (the state) is named, and New York has a village called Philadelphia; a bare
    # "Philadelphia" is still the city of 1.5 million, unless a qualifier says otherwise.
    text = (
        "The governor of New York spoke first. Later the candidate told a crowd at "
        "Philadelphia's Union League club that New York would back him."
    )
    philly = next(p for p in extract_places(text) if p.name == "Philadelphia")
    assert (philly.country_code, philly.admin1) == ("US", "PA")
    qualified = "Flooding closed roads near Philadelphia, N.Y., on Tuesday."
    village = next(p for p in extract_places(qualified) if p.name == "Philadelphia")
    assert (village.country_code, village.admin1) == ("US", "NY")
