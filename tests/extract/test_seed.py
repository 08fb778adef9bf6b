"""The seed article (RT, Aleppo 2016): the speakers and claims the issues name."""

from __future__ import annotations

from pathlib import Path

import pytest

from archive.extract.attribution import extract_attribution

SEED = Path(__file__).resolve().parents[1] / "fixtures" / "aleppo-rt-2016.txt"


@pytest.fixture(scope="module")
def seed():
    text = SEED.read_text(encoding="utf-8")
    sources, quotes, claims = extract_attribution(text)
    return text, {s.id: s for s in sources}, quotes, claims


def _quote_source(seed, opening: str):
    _, sources, quotes, _ = seed
    quote = next(q for q in quotes if q.text.startswith(opening))
    return sources[quote.source]


@pytest.mark.parametrize(
    "opening",
    [
        "appalled and shocked",
        "Those who argue",
        "use of heavy airpower",
        "The civilians of both sides",
        "They now need",
    ],
)
def test_de_mistura_quotes(seed, opening: str) -> None:
    src = _quote_source(seed, opening)
    assert src.name == "Staffan de Mistura"
    assert src.kind == "person"
    assert "United Nations Special Envoy for Syria" in src.roles


def test_sana_is_media(seed) -> None:
    src = _quote_source(seed, "shells containing poison gases")
    assert src.name == "SANA"
    assert src.kind == "media"
    assert "state news agency" in src.roles


def test_permanent_mission_quote(seed) -> None:
    src = _quote_source(seed, "From February to September")
    assert src.name == "Russia's Permanent Mission to the United Nations"
    assert src.kind == "government"


@pytest.mark.parametrize("opening", ["We have to understand", "They cannot pull out now"])
def test_sadek_quotes(seed, opening: str) -> None:
    src = _quote_source(seed, opening)
    assert src.name == "Said Sadek"
    assert any("professor of Political Sociology" in r for r in src.roles)


def test_nested_single_quotes_inside_sadek_quote(seed) -> None:
    _, _, quotes, _ = seed
    quote = next(q for q in quotes if q.text.startswith("They cannot pull out now"))
    assert "‘OK we discovered that we are wrong" in quote.text


@pytest.mark.parametrize("opening", ["You would not know", "These are groups supported"])
def test_jatras_quotes(seed, opening: str) -> None:
    src = _quote_source(seed, opening)
    assert src.name == "Jim Jatras"
    assert "former US diplomat" in src.roles


def _claims_of(seed, name: str):
    _, sources, _, claims = seed
    return [c for c in claims if c.source and sources[c.source].name == name]


def test_sana_claim(seed) -> None:
    [claim] = _claims_of(seed, "SANA")
    assert "poison gases" in claim.content and "al-Hamdaniya" in claim.content
    assert claim.cue == "reported"


def test_rt_arabic_crew_claim(seed) -> None:
    [claim] = _claims_of(seed, "RT Arabic")
    assert claim.content.startswith("36 cases of suffocation")
    assert [(q.value, q.unit) for q in claim.quantities] == [(36, "cases")]


def test_defense_ministry_claims(seed) -> None:
    claims = _claims_of(seed, "Russian Defense Ministry")
    quantities = {(q.value, q.unit, q.qualifier) for c in claims for q in c.quantities}
    assert (3, "children", "at least") in quantities
    assert (12, "people", None) in quantities


def test_permanent_mission_claim(seed) -> None:
    claims = _claims_of(seed, "Russia's Permanent Mission to the United Nations")
    over = [q for c in claims for q in c.quantities if q.value == 16000]
    assert over and over[0].qualifier == "over" and over[0].unit == "people"


@pytest.mark.parametrize("name", ["Said Sadek", "Jim Jatras"])
def test_according_to_claims(seed, name: str) -> None:
    assert any(c.cue == "according to" for c in _claims_of(seed, name))


def test_every_span_indexes_the_text(seed) -> None:
    text, sources, quotes, claims = seed
    for q in quotes:
        assert text[q.start : q.end] == q.text
    for c in claims:
        assert text[c.start : c.end] == c.content
        for qty in c.quantities:
            assert text[qty.start : qty.end] == qty.text
    for s in sources.values():
        for a, b in s.mentions:
            assert 0 <= a < b <= len(text)
