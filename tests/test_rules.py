"""Every named extraction rule shows itself on its own example.

The registry (archive/extract/rules) names each decision the extractor makes with the sentence
that motivates it. A rule earns its place when switching it off changes what that sentence
gives, and, where it has a counter-example, when that sentence gives the same with or
without it (the rule knows where to stop).
"""

from __future__ import annotations

import pytest

from archive.extract import extract_article
from archive.extract.rules import Rule, all_rules
from archive.extract.settings import ExtractSettings

RULES = all_rules()


def _output(text: str, settings: ExtractSettings | None = None) -> str:
    extracted = extract_article(text) if settings is None else extract_article(text, None, settings)
    return extracted.model_dump_json()


@pytest.mark.parametrize("r", RULES, ids=[r.name for r in RULES])
def test_rule_changes_its_example(r: Rule) -> None:
    off = ExtractSettings(disabled=frozenset({r.name}))
    assert _output(r.example) != _output(r.example, off), (
        f"{r.name}: switching the rule off changes nothing on its example {r.example!r}"
    )


@pytest.mark.parametrize("r", [r for r in RULES if r.counter], ids=lambda r: r.name)
def test_rule_leaves_its_counter_example(r: Rule) -> None:
    off = ExtractSettings(disabled=frozenset({r.name}))
    assert _output(r.counter) == _output(r.counter, off), (
        f"{r.name}: the rule fires on its counter-example {r.counter!r}"
    )


def test_rules_are_named_and_documented() -> None:
    for r in RULES:
        assert r.name.count(".") >= 1 and r.name == r.name.lower(), r.name
        assert r.doc and r.example.strip(), r.name
