"""Find where a message names a product's options: values, option names and changes.

:func:`find_mentions` is the first half of :func:`frontline.agent.retail.wishes.read_wishes`: it says
WHERE the customer names an option and what they name, not yet whether they want it (negation,
"if possible" and corrections are read in :mod:`frontline.agent.retail.wishes`)::

    Mention kinds, strongest first when spans tie:
      change  "bigger", "a size up", "more storage", "less bright", "the same color"
      value   "clicky", "1000 ml", "size M", "wifi + cellular"
      part    a word standing for a longer value: "google" for "Google Assistant", "AC"
      name    the option itself: "backlight" (asks for it, or with "no" for "none")
      label   a word of a longer name that only says whose value is near: "lens"

Overlapping mentions keep the longest (then the strongest kind); a value several options share
goes to the option named nearest in its clause.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from rapidfuzz.distance import OSA

from frontline.agent.retail.variants import (
    LETTER_SIZE_WORDS,
    LETTER_SIZES,
    ProductOption,
    orderable_options,
    ordered_values,
    quantity,
    size_option,
    unit_of,
    value_nicknames,
    values_beyond,
)

__all__ = ["Mention", "MentionKind", "Message", "Token", "find_mentions", "read_message"]


def read_message(
    text: str, options: tuple[ProductOption, ...], current: Mapping[str, str]
) -> Message:
    """``text`` in tokens, with the product's options and the current item's values."""
    return Message(text, tokenize(text), options, current, orderable_options(options, current))


def find_mentions(message: Message, clause_of: Sequence[int]) -> list[Mention]:
    """Every option mention in ``message``, by position; ``clause_of[i]`` is token i's clause."""
    found = [*_value_mentions(message), *_name_mentions(message), *_change_mentions(message)]
    return _resolve(found, clause_of)


# --- words -------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W\d_]+(?:'[^\W\d_]+)*|%|\"")
_SPELLING = {"colour": "color", "colours": "colors", "gray": "grey", "litre": "liter"}
_SPELLING |= {"litres": "liters", "dont": "don't", "doesnt": "doesn't", "wont": "won't"}
_JOINERS = frozenset({"", "-", "+", "/", "&"})  # may sit inside a value: "Wi-Fi + Cellular"


@dataclass(frozen=True, slots=True)
class Token:
    word: str  # lower case, British spellings and thousands separators normalised
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    tokens = []
    for found in _TOKEN.finditer(text):
        word = found.group(0).lower().replace(",", "")
        tokens.append(Token(_SPELLING.get(word, word), found.group(0), found.start(), found.end()))
    return tokens


def _words(text: str) -> tuple[str, ...]:
    return tuple(token.word for token in tokenize(text))


def _same_word(written: str, known: str) -> bool:
    """Equal, a plural or -ing/-ed form, or (from six letters, same first letter) one typo;
    two from nine letters. Keeping the first letter stops "weather" passing for "leather"."""
    if written == known:
        return True
    if not written or not known or written[0].isdigit() or known[0].isdigit():
        return False
    if written in {known + "s", known + "es"} or known in {written + "s", written + "es"}:
        return True
    if len(known) >= 5 and written.startswith(known) and written[len(known) :] in {"ing", "ed"}:
        return True
    if len(known) < 6 or len(written) < 5 or written[0] != known[0]:
        return False
    return OSA.distance(written, known) <= (2 if len(known) >= 9 else 1)


@dataclass(frozen=True, slots=True)
class Message:
    text: str
    tokens: list[Token]
    options: tuple[ProductOption, ...]
    current: Mapping[str, str]  # the current item's options; {} when unknown
    orderable: list[ProductOption]  # what "more", "bigger" can move

    def word(self, index: int) -> str:
        return self.tokens[index].word if 0 <= index < len(self.tokens) else ""

    def option(self, name: str) -> ProductOption:
        return next(option for option in self.options if option.name == name)

    def phrase_at(self, words: tuple[str, ...]) -> Iterator[int]:
        """Where ``words`` is written as one phrase ("Wi-Fi + Cellular", "full-size")."""
        for i in range(len(self.tokens) - len(words) + 1):
            window = self.tokens[i : i + len(words)]
            pairs = zip(window, words, strict=True)
            if self._tight(window) and all(_same_word(t.word, w) for t, w in pairs):
                yield i

    def run_together_at(self, words: tuple[str, ...]) -> Iterator[tuple[int, int]]:
        """Spans where ``words`` is written with fewer breaks: "fullsize", "wifi + cellular"."""
        for count in range(1, len(words)):
            for i in range(len(self.tokens) - count + 1):
                window = self.tokens[i : i + count]
                if "".join(t.word for t in window) == "".join(words) and self._tight(window):
                    yield i, i + count

    def _tight(self, window: list[Token]) -> bool:
        gaps = (self.text[a.end : b.start].strip() for a, b in itertools.pairwise(window))
        return all(gap in _JOINERS for gap in gaps)


# --- mentions ----------------------------------------------------------------------------------

MentionKind = Literal["change", "extreme", "value", "part", "name", "label"]
_PRIORITY: dict[MentionKind, int] = {
    "change": 0,
    "extreme": 0,
    "value": 1,
    "part": 2,
    "name": 3,
    "label": 4,
}
_Span = tuple[int, int, MentionKind]  # first token, token after the last, kind


@dataclass(frozen=True, slots=True)
class Mention:
    """Tokens ``first:stop`` name ``option``: a value, part of one ("google"), its name
    ("backlight"), a word of its name that only tells whose value is near ("lens"), or a
    change from the current item ("bigger", "the same color")."""

    first: int
    stop: int
    option: str
    kind: MentionKind
    values: tuple[str, ...] | None = None  # None: any value but ``exclude``
    exclude: tuple[str, ...] = ()
    start: int = 0  # the customer's words, in characters (from the negation, if any)
    end: int = 0


_GUARDED = frozenset({"yes", "no", "none"})  # values only read right after their option name
_BEFORE_SIZE = frozenset({"size", "sized", "a", "an", "in", "the"})
_AFTER_SIZE = frozenset({"size", "sized", "one", "ones"})
_AFTER_NUMBER = frozenset({"one", "ones", "version", "model", "instead", "please", "then"})
_AFTER_NUMBER |= {"and", "or", "but", "if", "in", "with", "for", "too"}
_GENERIC = frozenset({"type", "color", "size", "material", "level", "family", "mechanism"})
_GENERIC |= {"count", "range", "settings", "life", "of", "field", "source", "temperature"}


def _value_mentions(message: Message) -> Iterator[Mention]:
    for option in message.options:
        lettered = all(value.upper() in LETTER_SIZES for value in option.values)
        for value in option.values:
            for first, stop, kind in _value_spans(message, option, value, lettered):
                yield Mention(first, stop, option.name, kind, (value,))


def _value_spans(
    message: Message, option: ProductOption, value: str, lettered: bool
) -> Iterator[_Span]:
    if lettered:
        yield from _letter_spans(message, option, value)
    elif quantity(value) is not None:
        yield from _quantity_spans(message, option, value)
    elif value.lower() in _GUARDED:
        name = _words(option.name)
        for i in message.phrase_at(name):
            if message.word(i + len(name)) == value.lower():
                yield i + len(name), i + len(name) + 1, "value"
    else:
        words = _words(value)
        yield from ((i, i + len(words), "value") for i in message.phrase_at(words))
        if len(words) > 1:
            yield from ((i, j, "value") for i, j in message.run_together_at(words))
            for nickname in value_nicknames(option, value):
                yield from ((i, i + 1, "part") for i in message.phrase_at(_words(nickname)))


def _letter_spans(message: Message, option: ProductOption, value: str) -> Iterator[_Span]:
    """ "size M", "an M", "in M", "S or M", "the L one"; "xl" anywhere: never a lone "m"."""
    names = _words(option.name)
    for i, token in enumerate(message.tokens):
        before, after = message.word(i - 1), message.word(i + 1)
        listed = before in {"or", "and"} and message.word(i - 2).upper() in LETTER_SIZES
        clear = before in _BEFORE_SIZE or before in names or after in _AFTER_SIZE or listed
        if token.word == value.lower() and (len(value) > 1 or clear):
            yield i, i + 1, "value"
    for alias in (words for words, size in LETTER_SIZE_WORDS.items() if size == value):
        yield from ((i, i + len(alias.split()), "value") for i in message.phrase_at(_words(alias)))


def _quantity_spans(message: Message, option: ProductOption, value: str) -> Iterator[_Span]:
    """ "1000ml", "1000 ml", "13-inch", "32 gigs", "2000 pieces"; a bare number only when
    clearly this option's ("size 10", "an 11", "the 1000 one")."""
    amount, unit = quantity(value) or (0.0, "")
    names = _words(option.name)
    pointless = _without_point(option, value)
    for i, token in enumerate(message.tokens):
        if not token.word[0].isdigit() or not _free(message, token):
            continue
        after = message.tokens[i + 1] if i + 1 < len(message.tokens) else None
        if after is not None and message.text[token.end : after.start] not in {"", " ", "-"}:
            after = None
        written = "" if after is None else unit_of(after.word)
        if float(token.word) != amount:
            if token.word == pointless and unit and written == unit:
                yield i, i + 2, "value"  # "15l" for 1.5L, its point lost
            continue
        if (unit and written == unit) or (after and any(_same_word(after.word, n) for n in names)):
            yield i, i + 2, "value"
        elif not written:
            named = any(w in names for w in (message.word(i - 1), message.word(i - 2)))
            bare = after is None or after.word in _AFTER_NUMBER
            if named or (bare and message.word(i - 1) in {"a", "an", "the"}):
                yield i, i + 1, "value"


def _without_point(option: ProductOption, value: str) -> str | None:
    """ "15" for "1.5L": how the amount reads with its decimal point lost, unless another
    value of the option has that amount ("15 bar" is not "1.5 bar" when 15 bar exists)."""
    amount = _NUMBER_TEXT.search(value)
    if amount is None or "." not in amount.group(0):
        return None
    digits = amount.group(0).replace(".", "").lstrip("0")
    taken = {q[0] for q in (quantity(v) for v in option.values) if q is not None}
    return None if float(digits or 0) in taken else digits


_NUMBER_TEXT = re.compile(r"\d+(?:\.\d+)?")


def _free(message: Message, token: Token) -> bool:
    """Not part of an id or an amount: "#W2378156", "$10"."""
    before = message.text[token.start - 1] if token.start else " "
    return not (before.isalnum() or before in "$#.")


def _name_mentions(message: Message) -> Iterator[Mention]:
    for option in message.options:
        words = _words(option.name)
        for i in message.phrase_at(words):
            yield Mention(i, i + len(words), option.name, "name")
        for word in set(words) - _GENERIC if len(words) > 1 else ():
            yield from (Mention(i, i + 1, option.name, "label") for i in message.phrase_at((word,)))


_STEPS = {"bigger": 1, "larger": 1, "smaller": -1}  # to the next size only
_MORE = frozenset({"more", "higher", "greater", "longer", "bigger", "larger", "extra", "better"})
_LESS = frozenset({"less", "lower", "fewer", "shorter", "smaller"})
# Adjectives naming an ordered option, and which way they go: brighter is more brightness,
# quieter less noise. Comparatives stand alone ("brighter"); "more"/"less" take the plain
# form ("less bright"). "cheaper" is left out: price is no option.
_ADJECTIVES: dict[str, tuple[tuple[str, ...], int]] = {
    "bright": (("brightness",), 1),
    "dim": (("brightness",), -1),
    "loud": (("noise level", "noise", "volume"), 1),
    "quiet": (("noise level", "noise", "volume"), -1),
    "heavy": (("weight", "weight range"), 1),
    "light": (("weight", "weight range"), -1),
    "thick": (("thickness",), 1),
    "thin": (("thickness",), -1),
    "long": (("length", "battery life"), 1),
    "short": (("length", "battery life", "height"), -1),
    "tall": (("height",), 1),
    "easy": (("difficulty level", "difficulty"), -1),
    "hard": (("difficulty level", "difficulty"), 1),
}
_COMPARATIVES = {"brighter": "bright", "dimmer": "dim", "louder": "loud", "quieter": "quiet"}
_COMPARATIVES |= {"heavier": "heavy", "lighter": "light", "thicker": "thick", "thinner": "thin"}
_COMPARATIVES |= {"longer": "long", "shorter": "short", "taller": "tall"}
_COMPARATIVES |= {"easier": "easy", "harder": "hard"}
_SHADES = frozenset({"color", "colors", "shade", "shades", "tone", "tones"})  # "a lighter color"
_NAME_SYNONYMS = {"memory": "ram", "space": "storage", "battery": "battery life"}
_NAME_SYNONYMS |= {"screen": "screen size", "display": "screen size"}
_SKIPPED = frozenset({"the", "a", "an", "my", "its", "it's", "exact", "same", "one", "ones"})


def _change_mentions(message: Message) -> Iterator[Mention]:
    """Comparatives and "the same <option>", read against the current item's options."""
    for i, token in enumerate(message.tokens):
        if token.word in {"same", "keep"}:
            same = _same_option(message, i)
            if same is not None:
                stop, option = same
                yield Mention(i, stop, option.name, "change", (message.current[option.name],))
            continue
        relative = _relative(message, i)
        if relative is not None:  # "500 fewer pieces", "1000 more pieces"
            stop, option, value = relative
            yield Mention(i, stop, option.name, "change", (value,))
            continue
        extreme = _superlative(message, i)
        if extreme is not None:  # "the fewest pieces": every value, the extreme one first
            stop, option, direction = extreme
            values = ordered_values(option) or ()
            yield Mention(i, stop, option.name, "extreme", values[::-direction])
            continue
        change = _comparative(message, i)
        if change is not None:
            stop, option, direction, step = change
            values = values_beyond(option, message.current[option.name], direction)
            yield Mention(i, stop, option.name, "change", values[:1] if step else values)


def _same_option(message: Message, i: int) -> tuple[int, ProductOption] | None:
    """ "the same color", "keep the size": (end, option)."""
    j = i + 1
    while message.word(j) in _SKIPPED and j < i + 4:
        j += 1
    kept = [option for option in message.options if option.name in message.current]
    for option in kept:
        words = _words(option.name)
        if j in set(message.phrase_at(words)):
            return j + len(words), option
    for option in kept:  # "the same switches"
        if any(_same_word(message.word(j), w) for w in _words(option.name) if w != "type"):
            return j + 1, option
    named = _named_option(message, message.word(j))  # "the same memory"
    return None if named is None else (j + 1, named)


def _comparative(message: Message, i: int) -> tuple[int, ProductOption, int, bool] | None:
    """(end, option, +1 or -1, next value only) for "bigger", "a size up", "more storage",
    "brighter", "less bright"."""
    word, following = message.word(i), message.word(i + 1)
    sized = size_option(message.orderable)
    if word == "size" and following in {"up", "down"} and sized is not None:
        return i + 2, sized, 1 if following == "up" else -1, True
    if word == "next" and following == "size" and sized is not None:
        down = message.word(i + 2) == "down"
        return i + 2 + (message.word(i + 2) in {"up", "down"}), sized, -1 if down else 1, True
    if _not_compared(message, i):
        return None
    direction = 1 if word in _MORE else -1 if word in _LESS else 0
    for j in (i + 1, i + 2) if direction else ():
        option = _named_option(message, message.word(j))
        if option is not None:
            return j + 1, option, direction, word in _STEPS and size_option([option]) is not None
    described = _described_option(message, following) if direction else None
    if described is not None:  # "less bright", "more quiet"
        return i + 2, described[0], direction * described[1], False
    if word in _STEPS and sized is not None:
        return i + 1, sized, _STEPS[word], True
    described = _described_option(message, _COMPARATIVES.get(word, ""))
    return None if described is None else (i + 1, described[0], described[1], False)


_MOST = frozenset({"most", "highest", "greatest", "largest", "biggest", "maximum", "max"})
_LEAST = frozenset({"least", "lowest", "fewest", "smallest", "minimum", "min"})
_SUPERLATIVES = {"easiest": "easy", "hardest": "hard", "brightest": "bright", "dimmest": "dim"}
_SUPERLATIVES |= {"loudest": "loud", "quietest": "quiet", "heaviest": "heavy", "lightest": "light"}
_SUPERLATIVES |= {"thickest": "thick", "thinnest": "thin", "longest": "long", "shortest": "short"}
_SUPERLATIVES |= {"tallest": "tall"}


def _relative(message: Message, i: int) -> tuple[int, ProductOption, str] | None:
    """(end, option, value) for "500 fewer pieces": the value that far from the current one."""
    amount = quantity(message.word(i))
    following = message.word(i + 1)
    direction = 1 if following in _MORE else -1 if following in _LESS else 0
    if amount is None or not direction:
        return None
    for j in (i + 2, i + 3):
        option = _named_option(message, message.word(j))
        current = quantity(message.current.get(option.name, "")) if option else None
        if option is None or current is None:
            continue
        target = current[0] + direction * amount[0]
        for value in option.values:
            found = quantity(value)
            if found is not None and found[0] == target:
                return j + 1, option, value
        return None
    return None


def _superlative(message: Message, i: int) -> tuple[int, ProductOption, int] | None:
    """(end, option, +1 for the most or -1 for the least) for "the fewest pieces", "the most
    storage", "the easiest", "the biggest"."""
    word = message.word(i)
    direction = 1 if word in _MOST else -1 if word in _LEAST else 0
    for j in (i + 1, i + 2) if direction else ():
        option = _named_option(message, message.word(j))
        if option is not None:
            return j + 1, option, direction
    described = _described_option(message, _SUPERLATIVES.get(word, ""))
    if described is not None:
        return i + 1, described[0], described[1]
    sized = size_option(message.orderable)
    if word in {"largest", "biggest", "smallest"} and sized is not None:
        return i + 1, sized, direction
    return None


def _not_compared(message: Message, i: int) -> bool:
    """ "no longer needed", "any longer", "a lighter color": no comparison of options."""
    word, before, after = message.word(i), message.word(i - 1), message.word(i + 1)
    return (word == "longer" and before in {"no", "any"}) or (
        word in _COMPARATIVES and after in _SHADES
    )


def _described_option(message: Message, adjective: str) -> tuple[ProductOption, int] | None:
    """The orderable option ``adjective`` describes ("bright": brightness) and its way."""
    names, way = _ADJECTIVES.get(adjective, ((), 0))
    option = next((o for o in message.orderable if o.name.lower() in names), None)
    return None if option is None else (option, way)


def _named_option(message: Message, word: str) -> ProductOption | None:
    """The orderable option ``word`` names ("storage", "memory", "battery")."""
    synonym = _NAME_SYNONYMS.get(word, "")
    for option in message.orderable if word else ():
        words = [w for w in _words(option.name) if w not in {"of", "type"}]
        if option.name.lower() == synonym or any(_same_word(word, w) for w in words):
            return option
    return None


def _resolve(mentions: list[Mention], clause_of: Sequence[int]) -> list[Mention]:
    """Keep the longest of overlapping mentions (then the stronger kind). A value several
    options share ("black" frame or lens color) goes to the option named nearest in its
    clause, else to the product's first such option."""
    kept: list[Mention] = []
    for mention in sorted(
        dict.fromkeys(mentions), key=lambda m: (m.first - m.stop, _PRIORITY[m.kind])
    ):
        span = (mention.first, mention.stop, mention.kind)
        rivals = (k for k in kept if k.first < mention.stop and mention.first < k.stop)
        if all((k.first, k.stop, k.kind) == span for k in rivals):
            kept.append(mention)
    names = [m for m in kept if m.kind in {"name", "label"}]

    def distance(mention: Mention) -> int:
        clause = clause_of[mention.first]
        named = (n for n in names if n.option == mention.option and clause_of[n.first] == clause)
        return min((abs(n.first - mention.first) for n in named), default=len(clause_of))

    owners: dict[tuple[int, int], Mention] = {}
    for mention in (m for m in kept if m.kind not in {"name", "label"}):
        rival = owners.get((mention.first, mention.stop))
        if rival is None or distance(mention) < distance(rival):
            owners[mention.first, mention.stop] = mention
    return sorted([*names, *owners.values()], key=lambda m: (m.first, _PRIORITY[m.kind]))
