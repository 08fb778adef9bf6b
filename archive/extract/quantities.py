"""Quantities a claim carries: "over 16,000 people", "at least three children", "scores of".

Casualty and event counts in news are a number (digits or words, maybe scaled by "million"),
an optional qualifier before it (over, at least, about, up to ...), and the counted noun after
it, sometimes behind an adjective ("3,532 military personnel"). Vague multiples ("scores of
civilians", "dozens of") are kept as approximate quantities valued at their lower bound.
A bare number with no counted noun (a year, a date, a page) is not a quantity of a claim.
"""

from __future__ import annotations

import re

from archive.extract.lexicon import trie_pattern
from archive.schemas import Quantity

_WORD_NUMBERS: dict[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "a hundred": 100,
    "a dozen": 12,
    "dozen": 12,
    "a thousand": 1000,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_SCALES["trillion"] = 1_000_000_000_000
# Vague multiples, valued at their lower bound.
_APPROX = {"scores": 40, "dozens": 24, "hundreds": 200, "thousands": 2_000, "millions": 2_000_000}
_APPROX["tens of thousands"] = 20_000
_APPROX["hundreds of thousands"] = 200_000
_QUALIFIERS = (
    "more than|over|at least|about|around|nearly|almost|up to|approximately|roughly|"
    "fewer than|less than|as many as|as few as|at most|under|close to|an estimated|some|"
    "upwards of|in excess of|just over|just under|well over"
)
_NUM = (
    r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
    + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
    + r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
)
_NOT_UNITS = frozenset(
    {
        "of",
        "to",
        "the",
        "and",
        "or",
        "in",
        "on",
        "at",
        "a",
        "an",
        "by",
        "for",
        "from",
        "with",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "that",
        "which",
        "who",
        "as",
        "than",
        "but",
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "this",
        "will",
        "would",
        "more",
        "am",
        "pm",
        "a.m",
        "p.m",
        "st",
        "nd",
        "rd",
        "th",
        "if",
        "be",
        "been",
        "not",
        "so",
        "said",
        "says",
        "told",
        "among",
        "into",
        "out",
        "up",
        "per",
        "across",
        "since",
        "after",
        "before",
        "during",
        "about",
        "over",
        "under",
    }
)
_ADJECTIVE_END = ("al", "ary", "ian", "ic", "ed", "ish", "ese", "ive", "ful", "less", "ous")
_BODY = re.compile(
    r"(?:(?P<approx>tens of thousands|hundreds of thousands|scores|dozens|hundreds|thousands|"
    r"millions)\s+of|(?P<cur>[$€£])?(?P<num>(?:" + _NUM + r"))\b"
    r"(?:\s+(?P<scale>hundred|thousand|million|billion|trillion))?(?P<pct>\s*%)?)"
    r"(?:\s+(?:more|additional|other|new|fewer))?"
    r"(?:\s+(?P<unit1>[a-z][a-z\-]+))?(?:\s+(?P<unit2>[a-z][a-z\-]+))?",
    re.IGNORECASE,
)
# Where a quantity can start: a digit or currency sign, or a number word; found in fast
# scans, then _BODY reads the quantity there and _QUALIFIER_BEFORE looks just behind it.
# Digits and words are scanned apart (their matches never overlap, so the union in order is
# what one scan for either would find). The digit pattern opens with a character class, which
# lets the regex engine skip to the rare digits and currency signs: "[$€£]?(?<![\d,.])\d"
# (currency optional, then a digit that does not continue a number), with the tests moved
# behind the first character. The word scan, whose \b is tried at every position, runs only
# where the number-word test below has found a number word.
_DIGIT_ANCHOR = re.compile(r"[$€£\d](?:(?<=[$€£])\d|(?<=\d)(?<![\d,.]\d))")
# A cheap test for number words (most claims have none): a word anchor is one of these,
# standing alone between non-letters, so it is one of the [A-Za-z]+ runs. Collecting the
# runs is several times faster than trying the word pattern's \b at every position.
_LETTERS = re.compile(r"[A-Za-z]+")
_ANCHOR_WORDS = frozenset(
    {w for w in _WORD_NUMBERS if " " not in w}
    | {"tens", "scores", "dozens", "hundreds", "thousands", "millions"}
)
_ANCHOR_WORDS |= {w.capitalize() for w in _ANCHOR_WORDS}
_WORD_ANCHOR = re.compile(r"\b(?:" + trie_pattern(_ANCHOR_WORDS) + r")\b")
_QUALIFIER_BEFORE = re.compile(r"\b(?P<qual>" + _QUALIFIERS + r")\s+$", re.IGNORECASE)
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")


def _number(raw: str) -> float | None:
    low = raw.lower().replace(",", "")
    try:
        return float(low)
    except ValueError:
        pass
    if low in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[low])
    parts = re.split(r"[- ]", low)
    if len(parts) == 2 and parts[0] in _WORD_NUMBERS and parts[1] in _WORD_NUMBERS:
        return float(_WORD_NUMBERS[parts[0]] + _WORD_NUMBERS[parts[1]])
    return None


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Quantities in text[start:end], with offsets into `text`."""
    end = len(text) if end is None else end
    first = _DIGIT_ANCHOR.search(text, start, end)  # most stretches have none: no list
    anchors = (
        []
        if first is None
        else [m.start() for m in _DIGIT_ANCHOR.finditer(text, first.start(), end)]
    )
    if not _ANCHOR_WORDS.isdisjoint(_LETTERS.findall(text, start, end)):
        anchors += [m.start() for m in _WORD_ANCHOR.finditer(text, start, end)]
        anchors.sort()
    out: list[Quantity] = []
    last_end = start
    for at in anchors:
        if at < last_end:
            continue
        m = _BODY.match(text, at, end)
        if m is None:
            continue
        approx_word = m.group("approx")
        unit = None
        unit_end = None
        u1, u2 = m.group("unit1"), m.group("unit2")
        if approx_word:
            value = float(_APPROX[approx_word.lower()])
            approximate = True
        else:
            raw = m.group("num")
            value_or_none = _number(raw)
            if value_or_none is None:
                continue
            value = value_or_none
            approximate = False
            if m.group("scale"):
                value *= _SCALES[m.group("scale").lower()]
            if (
                _YEAR.match(raw)
                and not m.group("scale")
                and not _QUALIFIER_BEFORE.search(text, max(start, m.start() - 20), m.start())
            ):
                continue  # a year ("in 2016"), unless qualified ("over 2000")
        if m.group("pct"):
            unit, unit_end = "percent", m.end("pct")
        elif m.group("cur"):
            unit = {"$": "dollars", "€": "euros", "£": "pounds"}[m.group("cur")]
            unit_end = m.end("scale") if m.group("scale") else m.end("num")
        elif u1 and u1.lower() not in _NOT_UNITS:
            if u2 and u2.lower() not in _NOT_UNITS and u1.lower().endswith(_ADJECTIVE_END):
                unit, unit_end = u2.lower(), m.end("unit2")
            else:
                unit, unit_end = u1.lower(), m.end("unit1")
        if unit is None:
            continue
        if unit in ("percent", "per") and not m.group("pct"):
            unit_end = m.end("unit1")
        body_start = m.start()
        if text[max(start, body_start - 2) : body_start].lower() == "a ":
            body_start -= 2  # "a dozen", "a hundred"
        qual_m = _QUALIFIER_BEFORE.search(text, max(start, body_start - 20), body_start)
        q_start = qual_m.start() if qual_m else body_start
        if m.group("cur") and not qual_m:
            q_start = m.start("cur")
        span_end = unit_end if unit_end is not None else m.end()
        if span_end > end:
            continue
        qual = qual_m.group("qual").lower() if qual_m else None
        if qual == "some" and not approx_word:
            approximate, qual = True, "about"
        if qual in ("about", "around", "nearly", "almost", "approximately", "roughly"):
            approximate = True
        last_end = span_end
        out.append(
            Quantity(
                value=value,
                unit=unit,
                text=text[q_start:span_end],
                start=q_start,
                end=span_end,
                qualifier=qual,
                approximate=approximate,
            )
        )
    return out
