"""Pattern entities: order ids, emails, phones, zip codes, names, amounts, dates, payment methods.

Every extractor returns :class:`Entity` values with character offsets into the original text.
:func:`extract_entities` runs them all and drops a match that overlaps an earlier, stronger one
(the order in ``_EXTRACTORS`` is the priority: an order id is never read as a phone number).
Catalog products and options are in :mod:`catalog`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from frontline.agent.reading.results import Entity, EntityKind

DEFAULT_ORDER_ID_PATTERN = r"#?\b[Ww]\d{7}\b"


@dataclass(frozen=True, slots=True)
class EntityConfig:
    """Per back office settings. ``order_id_prefix`` is added when the customer leaves it out."""

    order_id_pattern: str = DEFAULT_ORDER_ID_PATTERN
    order_id_prefix: str = "#"


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(r"(?<![\w#])\+?\(?\d[\d\s().-]{6,}\d(?!\w)")
_ZIP = re.compile(r"(?<![\w#$.,-])\d{5}(?:-\d{4})?(?![\w.,]\d)")
_AMOUNT = re.compile(
    r"(?:[$€£]|\b(?:usd|eur|gbp)\s?)\s?\d[\d,]*(?:\.\d{1,2})?"
    r"|\b\d[\d,]*(?:\.\d{1,2})?\s?(?:dollars?|bucks|usd|euros?|eur|pounds?)\b",
    re.IGNORECASE,
)
_NAME_WORD = r"[A-Z][a-z'’-]+"
_PERSON = re.compile(
    r"(?i:\b(?:my name is|my name's|name is|this is|i am|i'm|it's|name:)\s+)"
    rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
)
_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "not",
        "very",
        "so",
        "really",
        "just",
        "still",
        "here",
        "there",
        "calling",
        "writing",
        "trying",
        "looking",
        "wondering",
        "sorry",
        "happy",
        "sure",
        "going",
        "getting",
        "about",
        "your",
        "my",
        "this",
        "that",
        "it",
        "and",
    ]
)
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_RE = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_PATTERNS = (
    re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"),
    re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b"),
    re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", re.I),
    re.compile(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})(?:,?\s+(\d{{4}}))?", re.I
    ),
    re.compile(
        r"\b(today|tomorrow|yesterday|tonight|(?:last|next|this) (?:week|month|year|"
        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
        r"(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
        re.I,
    ),
)
_CARD_BRANDS = r"visa|master\s?card|mastercard|amex|american express|discover"
_PAYMENT = re.compile(
    r"\b(?P<paypal>pay\s?pal)\b"
    r"|\b(?P<gift>gift\s?cards?|store credit)\b"
    rf"|\b(?P<card>(?:(?:{_CARD_BRANDS})(?:\s+(?:credit|debit))?(?:\s+card)?"
    r"|(?:credit|debit)\s+card|card))"
    r"(?:\s+(?:ending|ends|that ends)(?:\s+(?:in|with))?\s+(?P<last4>\d{4}))?",
    re.IGNORECASE,
)


def _order_ids(text: str, config: EntityConfig) -> Iterator[Entity]:
    for m in re.finditer(config.order_id_pattern, text):
        value = m.group(0).upper()
        if config.order_id_prefix and not value.startswith(config.order_id_prefix):
            value = config.order_id_prefix + value
        yield Entity(EntityKind.ORDER_ID, value, m.group(0), m.start(), m.end())


def _emails(text: str, _: EntityConfig) -> Iterator[Entity]:
    for m in _EMAIL.finditer(text):
        yield Entity(EntityKind.EMAIL, m.group(0).lower(), m.group(0), m.start(), m.end())


def _phones(text: str, _: EntityConfig) -> Iterator[Entity]:
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 10 <= len(digits) <= 15 and not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", m.group(0)):
            value = ("+" if m.group(0).startswith("+") else "") + digits
            yield Entity(EntityKind.PHONE, value, m.group(0), m.start(), m.end())


def _zip_codes(text: str, _: EntityConfig) -> Iterator[Entity]:
    for m in _ZIP.finditer(text):
        yield Entity(EntityKind.ZIP_CODE, m.group(0), m.group(0), m.start(), m.end())


def _amounts(text: str, _: EntityConfig) -> Iterator[Entity]:
    for m in _AMOUNT.finditer(text):
        number = re.search(r"\d[\d,]*(?:\.\d{1,2})?", m.group(0))
        if number:
            value = number.group(0).replace(",", "")
            yield Entity(EntityKind.AMOUNT, value, m.group(0).strip(), m.start(), m.end())


def _persons(text: str, _: EntityConfig) -> Iterator[Entity]:
    for m in _PERSON.finditer(text):
        words = m.group(1).split()
        while words and words[-1].lower() in _NOT_NAMES:
            words.pop()
        trigger = m.group(0)[: m.start(1) - m.start()].strip().lower()
        if not words or words[0].lower() in _NOT_NAMES:
            continue
        if len(words) < 2 and trigger not in {"my name is", "my name's", "name is", "name:"}:
            continue
        name = " ".join(words)
        end = m.start(1) + len(name)
        yield Entity(EntityKind.PERSON, name, text[m.start(1) : end], m.start(1), end)


def _dates(text: str, _: EntityConfig) -> Iterator[Entity]:
    for index, pattern in enumerate(_DATE_PATTERNS):
        for m in pattern.finditer(text):
            value = _normalise_date(index, m.groups())
            if value:
                yield Entity(EntityKind.DATE, value, m.group(0), m.start(), m.end())


def _normalise_date(pattern_index: int, groups: tuple[str | None, ...]) -> str | None:
    """ISO ``yyyy-mm-dd`` (``--mm-dd`` without a year); relative words stay as words."""
    if pattern_index == 4:
        return (groups[0] or "").lower().removeprefix("on ")
    if pattern_index == 0:
        year, month, day = (int(g or 0) for g in groups)
    elif pattern_index == 1:
        month, day, year = (int(g or 0) for g in groups)
        year = year + 2000 if year < 100 else year
    else:
        month_word, day_text, year_text = (
            (groups[0], groups[1], groups[2])
            if pattern_index == 2
            else (groups[1], groups[0], groups[2])
        )
        month = next(
            (i + 1 for i, m in enumerate(_MONTHS) if m.startswith((month_word or "")[:3].lower())),
            0,
        )
        day, year = int(day_text or 0), int(year_text or 0)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _payment_methods(text: str, _: EntityConfig) -> Iterator[Entity]:
    for m in _PAYMENT.finditer(text):
        if m.group("paypal"):
            value = "paypal"
        elif m.group("gift"):
            value = "gift_card"
        else:
            card = m.group("card").lower()
            brand = re.search(_CARD_BRANDS, card)
            if card == "card" and not m.group("last4"):
                continue  # "card" alone is too vague ("card arrived", "gift card" is above)
            value = "credit_card"
            if brand:
                value += ";brand=" + re.sub(r"\s", "", brand.group(0))
            if m.group("last4"):
                value += ";last_four=" + m.group("last4")
        yield Entity(EntityKind.PAYMENT_METHOD, value, m.group(0), m.start(), m.end())


Extractor = Callable[[str, EntityConfig], Iterator[Entity]]
_EXTRACTORS: tuple[Extractor, ...] = (
    _order_ids,
    _emails,
    _payment_methods,
    _dates,
    _amounts,
    _phones,
    _zip_codes,
    _persons,
)


def extract_entities(text: str, config: EntityConfig | None = None) -> list[Entity]:
    """All pattern entities in ``text``, by position, without overlaps."""
    config = config or EntityConfig()
    taken: list[Entity] = []
    for extractor in _EXTRACTORS:
        for entity in extractor(text, config):
            if not any(e.start < entity.end and entity.start < e.end for e in taken):
                taken.append(entity)
    return sorted(taken, key=lambda e: (e.start, e.end))
