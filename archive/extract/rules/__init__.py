"""The extractor's decisions as named rules, in one ordered registry.

Every decision extraction makes (a cue frame, a speaker rule, a name-phrase rule, a place
candidate or resolution rule, a scoring weight) is registered here under a dotted name
("claims.according_to", "places.famous_sense") with a one-line reason and the example
sentence that motivates it (and, where one exists, a counter-example it must leave alone).
Naming them is what makes them measurable: `ExtractSettings(disabled=...)` switches any of
them off, `python -m archive.extract.rules --ablate` measures each one's effect on every
labelled set, and tests/test_rules.py checks that each rule changes the output of its own
example and leaves its counter-example as it is.

The registry is filled at import time by the modules that define the rules and never changed
afterwards; the settings that switch rules off travel as arguments, so one process can
extract with two settings side by side.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

__all__ = ["Rule", "all_rules", "declare", "rule"]

F = TypeVar("F", bound=Callable[..., object])

# Modules that register rules, in the order extraction runs them; `all_rules` imports them.
RULE_MODULES = (
    "archive.extract.attribution",
    "archive.extract.claims",
    "archive.extract.sources",
    "archive.extract.quotes",
    "archive.extract.quantities",
    "archive.extract.windows",
    "archive.extract.places",
    "archive.extract.gazetteer",
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One named decision: where it lives, why it exists and the text that shows it."""

    name: str
    module: str
    doc: str
    example: str
    counter: str = ""


_REGISTRY: dict[str, Rule] = {}


def _register(r: Rule) -> None:
    if r.name in _REGISTRY and _REGISTRY[r.name] != r:
        raise ValueError(f"rule {r.name!r} is registered twice ({r.module})")
    _REGISTRY[r.name] = r


def rule(name: str, *, example: str, counter: str = "") -> Callable[[F], F]:
    """Register the decorated function as the rule `name`; its docstring's first line is the
    rule's reason. The function itself is returned unchanged."""

    def register(func: F) -> F:
        doc = (func.__doc__ or "").strip().splitlines()
        if not doc:
            raise ValueError(f"rule {name!r} ({func.__qualname__}) has no docstring")
        _register(Rule(name, func.__module__, doc[0], example, counter))
        return func

    return register


def declare(name: str, module: str, doc: str, *, example: str, counter: str = "") -> str:
    """Register a rule that is a row in a table or a weight rather than a function; returns
    its name, so a table can hold it."""
    _register(Rule(name, module, doc, example, counter))
    return name


def all_rules() -> list[Rule]:
    """Every registered rule, in registration order (the modules' order, then their own)."""
    for module in RULE_MODULES:
        importlib.import_module(module)
    return list(_REGISTRY.values())
