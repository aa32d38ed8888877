"""Catalog-aware entities: product names and option values, tolerant of typos.

The catalog is the back office's product list in the τ² ``db.json`` ``products`` shape::

    {product_id: {"name": "Mechanical Keyboard", "product_id": ...,
                  "variants": {item_id: {"options": {"switch type": "clicky", ...}, ...}}}}

"the clicky keyboard" gives PRODUCT Mechanical Keyboard (by its head noun) and OPTION
``switch type=clicky``; "size M in blue" gives ``size=M`` and ``color=blue``. Short option values
("M", "XL") only match exactly, after their option name or written in capitals, so that the "m"
in "I'm" is never a size.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from frontline.agent.reading.results import Entity, EntityKind

_TOKEN = re.compile(r"[\w'’-]+")
SHORT_VALUE = 3  # values this short or shorter match exactly
FUZZY_MIN_LENGTH = 7  # shorter words must match exactly (see _similarity_floor)


@dataclass(frozen=True, slots=True)
class _Name:
    key: str  # product id, or "option=value"
    words: tuple[str, ...]  # lower-cased tokens
    original: str


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    lower: str
    start: int
    end: int


def _similarity_floor(length: int) -> float:
    """Minimum rapidfuzz ratio: exact (or plural) up to six letters, then about one typo.

    Tighter floors let real words through as typos ("weather" for "leather", "time" for
    "timer"); looser ones miss "keybaord".
    """
    if length <= 6:
        return 100.0
    return 87.0 if length <= 8 else 85.0


class Catalog:
    """Product and option-value matcher built from the back office product list."""

    def __init__(self, products: Mapping[str, Mapping[str, Any]]) -> None:
        self._products: list[_Name] = []
        values: dict[str, _Name] = {}
        self._frequency: dict[str, int] = {}
        for product_id, product in products.items():
            name = str(product.get("name", ""))
            self._products.append(_Name(str(product_id), _words(name), name))
            for variant in dict(product.get("variants", {})).values():
                for option, value in dict(variant.get("options", {})).items():
                    key = f"{option}={value}"
                    values.setdefault(key, _Name(key, _words(str(value)), str(value)))
                    self._frequency[key] = self._frequency.get(key, 0) + 1
        self._options = list(values.values())
        names = self._products + self._options
        self._vocabulary = sorted({w for name in names for w in name.words})
        self._known = frozenset(self._vocabulary)

    @classmethod
    def from_db(cls, db: Mapping[str, Any]) -> Catalog:
        """Build from a whole τ² ``db.json`` (uses its ``products``)."""
        return cls(db.get("products", {}))

    def match(self, text: str) -> list[Entity]:
        """Products and option values mentioned in ``text``, by position."""
        tokens = [
            _Token(m.group(0), m.group(0).lower(), m.start(), m.end())
            for m in _TOKEN.finditer(text)
        ]
        present = self._words_present(tokens)
        found = self._match_products(tokens, text, present)
        found += self._match_options(tokens, text, present)
        return sorted(found, key=lambda e: (e.start, e.end, e.kind))

    def _words_present(self, tokens: list[_Token]) -> frozenset[str]:
        """Catalog words the message contains, exactly, as a plural, or with a typo: only
        names that share one of them are compared in full (keeps matching ~0.1 ms)."""
        present: set[str] = set()
        for token in tokens:
            for form in (token.lower, token.lower.rstrip("s"), token.lower + "s"):
                if form in self._known:
                    present.add(form)
            if len(token.lower) >= FUZZY_MIN_LENGTH:
                hits = process.extract(
                    token.lower, self._vocabulary, scorer=fuzz.ratio, score_cutoff=80, limit=5
                )
                present.update(hit[0] for hit in hits)
        return frozenset(present)

    def _match_products(
        self, tokens: list[_Token], text: str, present: frozenset[str]
    ) -> list[Entity]:
        best: dict[str, Entity] = {}
        for product in self._products:
            if present.isdisjoint(product.words):
                continue
            hit = _best_window(tokens, product.words, text)
            if hit is None and len(product.words) > 1:
                head = _best_window(tokens, product.words[-1:], text)  # "the keyboard"
                hit = (head[0] * 0.9, head[1], head[2]) if head else None
            if hit is not None:
                score, start, end = hit
                entity = Entity(EntityKind.PRODUCT, product.key, text[start:end], start, end, score)
                best[product.key] = entity
        return _keep_best_per_span(best.values())

    def _match_options(
        self, tokens: list[_Token], text: str, present: frozenset[str]
    ) -> list[Entity]:
        found: list[Entity] = []
        for option in self._options:
            if present.isdisjoint(option.words):
                continue
            if len(option.original) <= SHORT_VALUE:
                hit = self._short_value(tokens, option)
            else:
                hit = _best_window(tokens, option.words, text)
            if hit is not None:
                score, start, end = hit
                found.append(
                    Entity(EntityKind.OPTION, option.key, text[start:end], start, end, score)
                )
        return self._one_option_per_span(_keep_best_per_span(found), text.lower())

    def _one_option_per_span(self, found: list[Entity], lowered: str) -> list[Entity]:
        """ "blue" is a color, a lens color and a dial color: keep the option the customer
        named ("lens color blue"), else the most common one."""
        by_span: dict[tuple[int, int], list[Entity]] = {}
        for entity in found:
            by_span.setdefault((entity.start, entity.end), []).append(entity)

        def rank(entity: Entity) -> tuple[int, int]:
            name = entity.value.split("=", 1)[0].lower()
            named = len(name) if name in lowered else 0  # "lens color" beats "color"
            return named, self._frequency.get(entity.value, 0)

        return [max(group, key=rank) for group in by_span.values()]

    def _short_value(self, tokens: list[_Token], option: _Name) -> tuple[float, int, int] | None:
        option_name = option.key.split("=", 1)[0].lower()
        for i, token in enumerate(tokens):
            if token.lower != option.original.lower():
                continue
            after_name = any(t.lower == option_name for t in tokens[max(0, i - 2) : i])
            shouted = token.text == option.original and token.text.isupper()
            if after_name or (shouted and token.text.isalpha() and option_name in {"size"}):
                return 1.0, token.start, token.end
        return None


def _words(text: str) -> tuple[str, ...]:
    return tuple(t.lower() for t in _TOKEN.findall(text))


def _best_window(
    tokens: list[_Token], words: tuple[str, ...], text: str
) -> tuple[float, int, int] | None:
    """Best fuzzy match of ``words`` against same-length windows of the message tokens."""
    if not words:
        return None
    target = " ".join(words)
    floor = _similarity_floor(len(target))
    best: tuple[float, int, int] | None = None
    n = len(words)
    for i in range(len(tokens) - n + 1):
        window = tokens[i : i + n]
        candidate = " ".join(t.lower for t in window)
        if abs(len(candidate) - len(target)) > 2:
            continue
        score = fuzz.ratio(candidate, target)
        if score < floor and candidate.rstrip("s") == target.rstrip("s"):
            score = 100.0  # plural / singular
        if score >= floor and (best is None or score / 100 > best[0]):
            best = (score / 100, window[0].start, window[-1].end)
    del text
    return best


def _keep_best_per_span(entities: Iterable[Entity]) -> list[Entity]:
    """Among overlapping matches keep those with the best score (ties stay: ambiguous)."""
    ordered = sorted(entities, key=lambda e: -e.score)
    kept: list[Entity] = []
    for entity in ordered:
        rivals = [k for k in kept if k.start < entity.end and entity.start < k.end]
        if all(r.score <= entity.score for r in rivals):
            kept.append(entity)
    return kept
