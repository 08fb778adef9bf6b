"""The extractor's tunable settings: which rules are on, and the thresholds and weights they use.

Defaults are the measured settings; `extract_article(text, settings=...)` takes another set,
which is how ablation switches a rule off and how an experiment tries a weight, without any
module-level flag. Frozen, so a settings object can be shared by worker processes and used
as a cache key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["DEFAULT_SETTINGS", "AttributionSettings", "ExtractSettings", "PlaceSettings"]


@dataclass(frozen=True, slots=True)
class AttributionSettings:
    """Thresholds and weights of quote, claim and source extraction."""


@dataclass(frozen=True, slots=True)
class PlaceSettings:
    """Thresholds and scoring weights of place recognition and resolution."""


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """Everything extraction can be told: rules switched off, and each side's settings."""

    disabled: frozenset[str] = frozenset()
    attribution: AttributionSettings = field(default_factory=AttributionSettings)
    places: PlaceSettings = field(default_factory=PlaceSettings)

    def on(self, rule: str) -> bool:
        """Whether the named rule runs."""
        return rule not in self.disabled


DEFAULT_SETTINGS = ExtractSettings()
