"""Choose the variant of a product a customer wants, when exchanging or modifying an item.

Products are in the τ² ``db.json`` shape::

    {"name": "Mechanical Keyboard", "product_id": ...,
     "variants": {item_id: {"item_id": ..., "options": {"switch type": "clicky", ...},
                            "available": true, "price": 123.45}}}

:func:`frontline.agent.retail.wishes.read_wishes` reads :class:`Wish` values from the customer's words;
:func:`choose_variant` picks the available variant of the SAME product that meets them::

    candidates = available variants, not the current item, meeting every strict wish
    rank       = non-strict wishes met, in order (the first preference counts most)
                 → options kept equal to the current item's → price closest → item id

``found`` when one candidate ranks strictly first on the wishes and the options kept;
``ambiguous`` when several tie there: a variant being cheaper is no reason to pick it for the
customer (80% or full size?), so price and item id only order the choices offered, unless
``price_decides``. ``none`` names the strict wishes no available variant meets together.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = [
    "ChoiceStatus",
    "ProductOption",
    "VariantChoice",
    "Wish",
    "choose_variant",
    "describe_options",
    "option_difference",
    "ordered_values",
    "product_options",
]

MAX_CANDIDATES = 6


@dataclass(frozen=True, slots=True)
class Wish:
    """The customer wants ``option`` (spelled as in the product) to be one of ``values``."""

    option: str
    values: tuple[str, ...]  # exact spelling from the product; comparatives: nearest first
    strict: bool = True  # False for "if possible" / "preferably" wishes
    words: str = ""  # the customer's words, for replies


class ChoiceStatus(StrEnum):
    FOUND = "found"  # exactly one best variant: item_id
    AMBIGUOUS = "ambiguous"  # several variants tie: ask, offering candidates
    NONE = "none"  # no available variant meets the strict wishes: unmet, closest candidates
    NO_WISH = "no_wish"  # the customer named nothing to change


@dataclass(frozen=True, slots=True)
class VariantChoice:
    status: ChoiceStatus
    item_id: str | None  # when found
    candidates: tuple[str, ...]  # ambiguous: the tied ones; none: the closest available ones
    unmet: tuple[Wish, ...]  # none: the strict wishes that cannot be met together


@dataclass(frozen=True, slots=True)
class ProductOption:
    name: str
    values: tuple[str, ...]  # in the order they first appear in the product


def product_options(product: Mapping[str, Any]) -> tuple[ProductOption, ...]:
    """The product's options and their values, in the product's own order."""
    found: dict[str, list[str]] = {}
    for variant in dict(product.get("variants", {})).values():
        for name, value in dict(variant.get("options", {})).items():
            values = found.setdefault(str(name), [])
            if str(value) not in values:
                values.append(str(value))
    return tuple(ProductOption(name, tuple(values)) for name, values in found.items())


# --- values: sizes, levels, quantities (frontline.agent.retail.wishes reads with these too) ---------

LETTER_SIZES = frozenset({"XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL"})
LETTER_SIZE_WORDS = {"extra small": "XS", "small": "S", "medium": "M", "large": "L"}
LETTER_SIZE_WORDS |= {"extra large": "XL", "x large": "XL", "xlarge": "XL", "xx large": "XXL"}
_LEVEL_NAMES = (  # least to most; "|" between the words of one level
    "xxs; xs|extra small; mini|portable|compact; s|small|low|short|beginner|easy; "
    "m|medium|regular|standard|intermediate; l|large|high|tall|expert|advanced|hard; xl|extra large; "
    "xxl; xxxl"
)
_LEVELS = {w: rank for rank, level in enumerate(_LEVEL_NAMES.split("; ")) for w in level.split("|")}
_UNIT_SPELLINGS = (  # the first spelling of each group is the canonical unit
    'ml milliliter millilitre; l liter; gb gig gigabyte; tb terabyte; mb; inch inches "; '
    "ft feet foot; h hour hr; cup; w watt; lb pound; piece; % percent; mm millimeter; mah; "
    "mp megapixel; x; k; p; bar; degree"
)
_UNITS = {s: group.split()[0] for group in _UNIT_SPELLINGS.split(";") for s in group.split()}
# To gb, ml and thousands of pixels across, to order storage, volume and resolution
# ("1080p" is 1920 across: below "2K").
_SCALE = {"tb": 1000.0, "l": 1000.0, "mb": 0.001, "p": 16 / 9 / 1000}
_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
_QUANTITY = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*-?\s*([a-z%\"]*)")
_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*([a-z]*)")  # "5-25 lbs"


def unit_of(word: str) -> str | None:
    """The canonical unit ``word`` spells ("liters" → "l"), "" for none, None if not a unit."""
    lowered = word.lower()
    if not lowered:
        return ""
    return _UNITS.get(lowered) or _UNITS.get(lowered.rstrip("s"))


def quantity(value: str) -> tuple[float, str] | None:
    """ "1000ml" → (1000, "ml"), "256GB SSD" → (256, "gb"), "10" → (10, ""); else None."""
    if len(_NUMBER.findall(value)) != 1:
        return None
    found = _QUANTITY.match(value.lower())
    if found is None:
        return None
    unit = found.group(2)
    return float(found.group(1).replace(",", "")), unit_of(unit) or unit


def _magnitude(value: str) -> tuple[int, float] | None:
    lowered = value.lower()
    if lowered in _LEVELS:
        return 0, float(_LEVELS[lowered])
    if lowered in {"full", "full size"}:
        return 2, 0.0  # a keyboard's "full size" is bigger than its "80%"
    ranged = _RANGE.fullmatch(lowered)
    if ranged is not None:  # a weight range orders by its middle
        return 1, (float(ranged.group(1)) + float(ranged.group(2))) / 2
    amount = quantity(value)
    return None if amount is None else (1, amount[0] * _SCALE.get(amount[1], 1.0))


def ordered_values(option: ProductOption) -> tuple[str, ...] | None:
    """The option's values from least to most, or None when they have no natural order."""
    keys = [_magnitude(value) for value in option.values]
    if any(key is None for key in keys):
        return None
    return tuple(value for _, value in sorted(zip(keys, option.values, strict=True)))


def negative_value(option: ProductOption) -> str | None:
    """The value meaning "without it": "none", "no", "not resistant"."""
    for value in option.values:
        lowered = value.lower()
        if lowered in {"none", "no"} or lowered.startswith("not "):
            return value
    return None


def value_nicknames(option: ProductOption, value: str) -> list[str]:
    """Lower-case words that stand for a multi-word ``value`` alone: brand-like ones ("google"
    for "Google Assistant", "homekit", "ac") and, for colors and materials, any word no other
    value has ("steel", "rose")."""
    words = _WORD.findall(value)
    others = {w.lower() for v in option.values if v != value for w in _WORD.findall(v)}
    others |= set(option.name.lower().split())
    describing = "color" in option.name.lower() or "material" in option.name.lower()
    return [
        word.lower()
        for word in words
        if len(words) > 1
        and word.lower() not in others
        and not word[0].isdigit()
        and (len(word) >= 4 or (len(word) >= 2 and word.isupper()))
        and (describing or word[0].isupper())
    ]


_SIZE_LIKE = ("capacity", "diameter", "length", "height", "thickness")


def orderable_options(
    options: Sequence[ProductOption], current: Mapping[str, str]
) -> list[ProductOption]:
    """The options with a natural order whose current value is known: what "more" can move."""
    return [o for o in options if current.get(o.name) in (ordered_values(o) or ())]


def size_option(options: Sequence[ProductOption]) -> ProductOption | None:
    """The option "bigger" means: "size", else "screen size", else capacity, diameter, ..."""
    ranked = [(rank, o) for o in options if (rank := _size_rank(o)) is not None]
    return min(ranked, key=lambda pair: pair[0])[1] if ranked else None


def _size_rank(option: ProductOption) -> int | None:
    name = option.name.lower()
    if name == "size" or name.endswith(" size"):
        return 0 if name == "size" else 1
    return 2 + _SIZE_LIKE.index(name) if name in _SIZE_LIKE else None


def values_beyond(option: ProductOption, current: str, direction: int) -> tuple[str, ...]:
    """Values greater (``direction`` 1) or smaller (-1) than ``current``, nearest first."""
    order = ordered_values(option) or ()
    if current not in order:
        return ()
    at = order.index(current)
    return order[at + 1 :] if direction > 0 else order[:at][::-1]


# --- choosing ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Variant:
    item_id: str
    options: Mapping[str, str]
    available: bool
    price: float


def _variants(product: Mapping[str, Any]) -> list[_Variant]:
    return [
        _Variant(
            str(item_id),
            {str(k): str(v) for k, v in dict(variant.get("options", {})).items()},
            bool(variant.get("available", False)),
            float(variant.get("price", 0.0)),
        )
        for item_id, variant in dict(product.get("variants", {})).items()
    ]


def _meets(variant: _Variant, wish: Wish) -> bool:
    return variant.options.get(wish.option) in wish.values


def _meets_all(variant: _Variant, wishes: Sequence[Wish]) -> bool:
    return all(_meets(variant, wish) for wish in wishes)


@dataclass(frozen=True, slots=True)
class _Ranking:
    """Orders candidates; ``decisive`` is the part that may pick one for the customer."""

    current: _Variant | None
    preferences: tuple[Wish, ...]  # the non-strict wishes, in order
    price_decides: bool

    def decisive(self, variant: _Variant) -> tuple[object, ...]:
        missed = tuple(not _meets(variant, wish) for wish in self.preferences)
        kept = 0
        if self.current is not None:
            kept = sum(variant.options.get(k) == v for k, v in self.current.options.items())
        if self.price_decides:
            return missed, -kept, self._price_gap(variant)
        return missed, -kept

    def full(self, variant: _Variant) -> tuple[object, ...]:
        return *self.decisive(variant), self._price_gap(variant), variant.item_id

    def _price_gap(self, variant: _Variant) -> float:
        reference = self.current.price if self.current is not None else variant.price
        return round(abs(variant.price - reference), 2)

    def best_first(self, variants: Sequence[_Variant]) -> list[_Variant]:
        return sorted(variants, key=self.full)


def choose_variant(
    product: Mapping[str, Any],
    current_item_id: str | None,
    wishes: Sequence[Wish],
    *,
    price_decides: bool = False,
) -> VariantChoice:
    """The variant of ``product`` that meets ``wishes`` (see the module docstring). Without
    a current item nothing can be kept, so several matching variants are ``ambiguous``."""
    if not wishes:
        return VariantChoice(ChoiceStatus.NO_WISH, None, (), ())
    variants = _variants(product)
    current = next((v for v in variants if v.item_id == current_item_id), None)
    pool = [v for v in variants if v.available and v.item_id != current_item_id]
    strict = [wish for wish in wishes if wish.strict]
    ranking = _Ranking(current, tuple(w for w in wishes if not w.strict), price_decides)
    ranked = ranking.best_first([v for v in pool if _meets_all(v, strict)])
    if not ranked:
        return _nothing_fits(pool, strict, ranking)
    top = ranking.decisive(ranked[0])
    tied = [v for v in ranked if ranking.decisive(v) == top]
    if len(tied) == 1:
        return VariantChoice(ChoiceStatus.FOUND, tied[0].item_id, (), ())
    ids = tuple(v.item_id for v in tied[:MAX_CANDIDATES])
    return VariantChoice(ChoiceStatus.AMBIGUOUS, None, ids, ())


def _nothing_fits(pool: list[_Variant], strict: list[Wish], ranking: _Ranking) -> VariantChoice:
    """``unmet``: each strict wish that, added in order to those kept so far, leaves no variant;
    ``candidates``: variants meeting the longest feasible prefix of the strict wishes."""
    kept: list[Wish] = []
    unmet: list[Wish] = []
    for wish in strict:
        if any(_meets_all(v, [*kept, wish]) for v in pool):
            kept.append(wish)
        else:
            unmet.append(wish)
    prefix = strict[: strict.index(unmet[0])] if unmet else strict
    closest = ranking.best_first([v for v in pool if _meets_all(v, prefix)])
    ids = tuple(v.item_id for v in closest[:MAX_CANDIDATES])
    return VariantChoice(ChoiceStatus.NONE, None, ids, tuple(unmet))


# --- describing ----------------------------------------------------------------------------------

_VALUE_ALONE = {"color", "material", "type", "features", "style", "theme", "design", "brand"}
_PLURAL_NOUNS = {"switch": "switches"}


def describe_options(options: Mapping[str, str]) -> str:
    """ "clicky switches, RGB backlight, full size", in the order of ``options``."""
    return ", ".join(_describe_option(name, value) for name, value in options.items())


def _describe_option(name: str, value: str) -> str:
    lowered_name, lowered = name.lower(), value.lower()
    words = lowered_name.split()
    if lowered in {"yes", "no", "none"}:  # "waterproof", "not waterproof", "no backlight"
        return name if lowered == "yes" else f"{'not' if lowered == 'no' else 'no'} {name}"
    if lowered_name in _VALUE_ALONE or _names_itself(
        _WORD.findall(lowered_name), _WORD.findall(lowered)
    ):
        return value  # "black", "full size", "hard cover", "AA batteries"
    if lowered_name == "size":  # "size L", "size 10", "80% size"
        plain = value.upper() in LETTER_SIZES or value.isdigit()
        return f"size {value}" if plain else f"{value} size"
    if len(words) > 1 and words[-1] in {"type", "color", "material", "size"}:
        noun = " ".join(words[:-1])  # "switch type" → "switch", "frame color" → "frame"
        return f"{value} {_PLURAL_NOUNS.get(noun, noun)}"
    return f"{value} {name}"


def _names_itself(name_words: list[str], value_words: list[str]) -> bool:
    """The value already says what it is: "full size" (size), "AA batteries" (battery type)."""
    stems = [word[:-1] for word in name_words if len(word) >= 4]
    return any(v.startswith(stem) for v in value_words for stem in stems)


def option_difference(
    product: Mapping[str, Any], from_item_id: str, to_item_id: str
) -> dict[str, tuple[str, str]]:
    """What changes from one variant to the other: {option: (from value, to value)}."""
    variants = {v.item_id: v for v in _variants(product)}
    for item_id in (from_item_id, to_item_id):
        if item_id not in variants:
            raise KeyError(f"item {item_id} is not a variant of product {product.get('name')}")
    before, after = variants[from_item_id].options, variants[to_item_id].options
    return {
        option.name: (before.get(option.name, ""), after.get(option.name, ""))
        for option in product_options(product)
        if before.get(option.name) != after.get(option.name)
    }
