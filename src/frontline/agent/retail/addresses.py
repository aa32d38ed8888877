"""US postal addresses: read one out of a customer's message, convert to and from the back office.

:func:`parse_address` anchors on a state followed by a ZIP code ("IL 62704", "Texas 78701"),
then reads backwards: a city, an optional second line ("Apt 4B", "Suite 300", "#12") and a
street line that starts with a house number. Commas, semicolons and line breaks separate the
parts; without them the street ends at its last street type ("Street", "Ave", "Terrace") or at a
unit word. Anything it cannot read with confidence gives ``None``: asking the customer again is
cheaper than shipping to a wrong address.

The customer's spelling and capitalisation of the street, second line and city are kept; the
state becomes its two-letter code and the country is always ``"USA"``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

COUNTRY = "USA"

_STATES = {
    "alabama": "AL",
    "alaska": "AK",
    "arizona": "AZ",
    "arkansas": "AR",
    "california": "CA",
    "colorado": "CO",
    "connecticut": "CT",
    "delaware": "DE",
    "district of columbia": "DC",
    "florida": "FL",
    "georgia": "GA",
    "hawaii": "HI",
    "idaho": "ID",
    "illinois": "IL",
    "indiana": "IN",
    "iowa": "IA",
    "kansas": "KS",
    "kentucky": "KY",
    "louisiana": "LA",
    "maine": "ME",
    "maryland": "MD",
    "massachusetts": "MA",
    "michigan": "MI",
    "minnesota": "MN",
    "mississippi": "MS",
    "missouri": "MO",
    "montana": "MT",
    "nebraska": "NE",
    "nevada": "NV",
    "new hampshire": "NH",
    "new jersey": "NJ",
    "new mexico": "NM",
    "new york": "NY",
    "north carolina": "NC",
    "north dakota": "ND",
    "ohio": "OH",
    "oklahoma": "OK",
    "oregon": "OR",
    "pennsylvania": "PA",
    "rhode island": "RI",
    "south carolina": "SC",
    "south dakota": "SD",
    "tennessee": "TN",
    "texas": "TX",
    "utah": "UT",
    "vermont": "VT",
    "virginia": "VA",
    "washington": "WA",
    "west virginia": "WV",
    "wisconsin": "WI",
    "wyoming": "WY",
    "puerto rico": "PR",
    "guam": "GU",
    "american samoa": "AS",
    "northern mariana islands": "MP",
    "virgin islands": "VI",
}
_STATE_CODES = frozenset(_STATES.values())
_STATE_ALTERNATIVES = sorted([*_STATES, *(c.lower() for c in _STATE_CODES)], key=len, reverse=True)
_STATE_NAME = "|".join(name.replace(" ", r"\s+") for name in _STATE_ALTERNATIVES)

# "<state> <zip> [country]": the anchor every address is read back from.
_STATE_AND_ZIP = re.compile(
    rf"(?<![\w'’])(?P<state>{_STATE_NAME})\.?[\s,]*"
    r"(?P<zip>\d{5}(?:-\d{4})?)(?![\d-])",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"(?P<sep>[,;:\r\n][\s,;:]*)|(?P<word>[^\s,;:]+)")
_HOUSE_NUMBER = re.compile(r"\d+[a-z]?(?:-\d+[a-z]?)?", re.IGNORECASE)
_STREET_WORD = re.compile(r"[a-z0-9][a-z0-9.'’&/-]*", re.IGNORECASE)
_CITY_WORD = re.compile(r"[a-z][a-z.'’-]*", re.IGNORECASE)
_UNIT_ID = re.compile(r"#?(?:[a-z0-9-]*\d[a-z0-9-]*|[a-z]{1,2})", re.IGNORECASE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STREET_TYPES = _words(
    "street st avenue ave av road rd boulevard blvd drive dr lane ln way court ct place pl "
    "terrace ter circle cir parkway pkwy highway hwy trail trl square sq loop alley aly plaza "
    "plz pike crescent cres row path expressway expy freeway fwy causeway turnpike tpke"
)
_DIRECTIONS = _words("n s e w ne nw se sw")
_NUMBERED_ROADS = _words("highway hwy route rte road rd county state interstate us")
_UNIT_WORDS = _words("apt apartment suite ste unit floor fl room rm building bldg #")
# Words that appear around an address in a message but never inside a street or city name.
_NOT_ADDRESS_WORDS = _words(
    "a an and are at change deliver for from i i'm is it it's its me moved my our "
    "please send ship that this to was we with you your order item items address"
)
_MAX_STREET_WORDS = 6
_MAX_CITY_WORDS = 4


@dataclass(frozen=True, slots=True)
class Address:
    address1: str  # house number and street, as the customer wrote it
    address2: str  # apartment, suite, unit...; "" when there is none
    city: str
    state: str  # two-letter code
    country: str
    zip: str  # five digits or ZIP+4, as written

    def to_backoffice(self) -> dict[str, str]:
        # Keys in the back office's field order (country before state).
        return {
            "address1": self.address1,
            "address2": self.address2,
            "city": self.city,
            "country": self.country,
            "state": self.state,
            "zip": self.zip,
        }

    def one_line(self) -> str:
        lines = [self.address1, self.address2, self.city, f"{self.state} {self.zip}", self.country]
        return ", ".join(line for line in lines if line)


def address_from_backoffice(data: Mapping[str, Any]) -> Address:
    """Read a back-office address; ``address2`` may be missing, ``country`` defaults to USA."""
    missing = [key for key in ("address1", "city", "state", "zip") if not data.get(key)]
    if missing:
        raise ValueError(f"address is missing {', '.join(missing)}: {dict(data)!r}")
    return Address(
        address1=str(data["address1"]).strip(),
        address2=str(data.get("address2") or "").strip(),
        city=str(data["city"]).strip(),
        state=str(data["state"]).strip(),
        country=str(data.get("country") or COUNTRY).strip(),
        zip=str(data["zip"]).strip(),
    )


def parse_address(text: str) -> Address | None:
    """The first complete US address in ``text``, or ``None``.

    Complete means a house number and street, a city, a state and a ZIP code.
    """
    for anchor in _STATE_AND_ZIP.finditer(text):
        lines = _read_lines(_tokens(text[: anchor.start()]))
        if lines is not None:
            address1, address2, city = lines
            return Address(
                address1=_cased(address1),
                address2=_cased(address2),
                city=_cased(city),
                state=_state_code(anchor["state"]),
                country=COUNTRY,
                zip=anchor["zip"],
            )
    return None


def _cased(line: str) -> str:
    """A line typed all in lowercase, written as addresses are ("760 elm ave" → "760 Elm Ave");
    one the customer cased is kept as typed."""
    return line.title() if line == line.lower() else line


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    sep: bool  # a comma, semicolon or line break

    @property
    def key(self) -> str:
        return self.text.lower().rstrip(".")


def _tokens(text: str) -> list[_Token]:
    tokens = [_Token(m[0], m["sep"] is not None) for m in _TOKEN.finditer(text)]
    while tokens and tokens[-1].sep:
        tokens.pop()
    return tokens


def _state_code(state: str) -> str:
    key = " ".join(state.lower().split())
    return _STATES.get(key, key.upper())


def _read_lines(tokens: Sequence[_Token]) -> tuple[str, str, str] | None:
    """(street, second line, city) from the words before the state, trying each house number."""
    for start, token in enumerate(tokens):
        if token.sep or not _HOUSE_NUMBER.fullmatch(token.text):
            continue
        if start > 0 and _is_unit_word(tokens[start - 1]):
            continue  # "Suite 300 Austin" is not a street
        lines = _read_lines_from(tokens[start:])
        if lines is not None:
            return lines
    return None


def _read_lines_from(tokens: Sequence[_Token]) -> tuple[str, str, str] | None:
    street_end = _street_end(tokens)
    if street_end is None or not _is_street(tokens[:street_end]):
        return None
    unit_start = _skip_separators(tokens, street_end)
    unit_end = _unit_end(tokens, unit_start)
    if unit_end is None:
        return None
    city = tokens[_skip_separators(tokens, unit_end) :]
    if not _is_city(city):
        return None
    return _join(tokens[:street_end]), _join(tokens[unit_start:unit_end]), _join(city)


def _street_end(tokens: Sequence[_Token]) -> int | None:
    """Where the street line ends: at a separator or unit word, else after its last street type."""
    last_type: int | None = None
    for index in range(1, len(tokens)):
        token = tokens[index]
        if token.sep or _is_unit_word(token):
            return index
        if _is_street_type(tokens, index) and index < len(tokens) - 1:
            last_type = index
    if last_type is None:
        return None
    after = last_type + 1
    if after < len(tokens) - 1 and tokens[after].key in _DIRECTIONS:
        return after + 1
    return after


def _is_street_type(tokens: Sequence[_Token], index: int) -> bool:
    key = tokens[index].key
    if key not in _STREET_TYPES:
        return False
    # "12 Oak Ave St Louis": a second "St" straight after a street type starts the city.
    return not (key == "st" and tokens[index - 1].key in _STREET_TYPES)


def _is_street(tokens: Sequence[_Token]) -> bool:
    words = tokens[1:]
    if not 1 <= len(words) <= _MAX_STREET_WORDS:
        return False
    for previous, word in zip(tokens, words, strict=False):
        if not _STREET_WORD.fullmatch(word.text) or word.key in _NOT_ADDRESS_WORDS:
            return False
        if word.key.isdigit() and previous.key not in _NUMBERED_ROADS:
            return False  # "3 items to 12 Oak Rd": a bare number only follows "Route", "Hwy"...
    return True


def _unit_end(tokens: Sequence[_Token], start: int) -> int | None:
    """End of the optional second line at ``start`` (``start`` itself when there is none)."""
    if start >= len(tokens) or not _is_unit_word(tokens[start]):
        return start
    first = tokens[start]
    if first.text.startswith("#") and len(first.text) > 1:
        return start + 1 if _UNIT_ID.fullmatch(first.text) else None
    following = tokens[start + 1] if start + 1 < len(tokens) else None
    if following is None or following.sep or not _UNIT_ID.fullmatch(following.text):
        return None
    return start + 2


def _is_unit_word(token: _Token) -> bool:
    return not token.sep and (token.key in _UNIT_WORDS or token.text.startswith("#"))


def _is_city(tokens: Sequence[_Token]) -> bool:
    return 1 <= len(tokens) <= _MAX_CITY_WORDS and all(
        not token.sep
        and _CITY_WORD.fullmatch(token.text) is not None
        and token.key not in _NOT_ADDRESS_WORDS
        and not _is_unit_word(token)
        for token in tokens
    )


def _skip_separators(tokens: Sequence[_Token], index: int) -> int:
    while index < len(tokens) and tokens[index].sep:
        index += 1
    return index


def _join(tokens: Sequence[_Token]) -> str:
    return " ".join(token.text for token in tokens)


def names_place_of(text: str, data: Mapping[str, Any]) -> bool:
    """True when ``text`` names the city or the state of a back-office address ("my Washington
    DC address", "the one in Texas"); a two-letter state code counts only in capitals."""
    city = str(data.get("city") or "").strip()
    code = str(data.get("state") or "").strip().upper()
    names = [city, *(name for name, c in _STATES.items() if c == code)]
    for name in filter(None, names):
        pattern = r"\s+".join(re.escape(w) for w in name.split())
        if re.search(rf"(?<![\w'’]){pattern}(?![\w'’])", text, re.IGNORECASE):
            return True
    return bool(code) and re.search(rf"(?<![\w'’]){re.escape(code)}(?![\w'’])", text) is not None
