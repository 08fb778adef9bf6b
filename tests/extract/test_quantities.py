"""Quantities news claims carry: value, unit, text, qualifier, approximate."""

from __future__ import annotations

import pytest

from archive.extract.quantities import find_quantities


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier", "approximate", "span"),
    [
        ("Health workers logged 42 cases of cholera.", 42, "cases", None, False, "42 cases"),
        (
            "Over 20,000 people fled the floods.",
            20000,
            "people",
            "over",
            False,
            "Over 20,000 people",
        ),
        (
            "Monitors counted 1,204 violations in May.",
            1204,
            "violations",
            None,
            False,
            "1,204 violations",
        ),
        (
            "At least four children were hurt.",
            4,
            "children",
            "at least",
            False,
            "At least four children",
        ),
        ("The strikes killed 9,300 civilians.", 9300, "civilians", None, False, "9,300 civilians"),
        ("Scores of civilians were trapped.", 40, "civilians", None, True, "Scores of civilians"),
        ("Up to 300 workers may lose jobs.", 300, "workers", "up to", False, "Up to 300 workers"),
        ("About 70 percent of voters agreed.", 70, "percent", "about", True, "About 70 percent"),
        ("Nine more people died overnight.", 9, "people", None, False, "Nine more people"),
        ("It cost $2.5 million to rebuild.", 2_500_000, "dollars", None, False, "$2.5 million"),
        ("Some 1,500 soldiers took part.", 1500, "soldiers", "about", True, "Some 1,500 soldiers"),
    ],
)
def test_quantity(text, value, unit, qualifier, approximate, span) -> None:
    q = find_quantities(text)[0]
    assert q.value == value
    assert q.unit == unit
    assert q.qualifier == qualifier
    assert q.approximate is approximate
    assert q.text == span
    assert text[q.start : q.end] == q.text


def test_years_and_bare_numbers_are_not_quantities() -> None:
    assert find_quantities("In 2019 the plan was dropped, and in 2021 revived.") == []


def test_bounds_respected() -> None:
    text = "Police said 12 people were arrested. Later 30 more people joined."
    end = text.index(".")
    found = find_quantities(text, 0, end)
    assert [q.text for q in found] == ["12 people"]
