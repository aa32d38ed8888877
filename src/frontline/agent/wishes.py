"""Read which variant a customer wants: "clicky switches but no backlight", "a size up".

:func:`read_wishes` turns one message into :class:`~frontline.agent.variants.Wish` values for
ONE product. Only that product's own option values are matched, so "M" is a size only when
clearly written as one ("size M", "an M", "in M", "medium"), never the "m" of "I'm"::

    text ─► tokens ─► clauses: split at , ; . ! ? and at but/and/with/for/to/..., and
       │                       before a fallback ("otherwise", "if not")
       └──► mentions: option values (typos, plurals, "1000 ml", "google" for "Google
                      Assistant"), option names ("no backlight"), comparatives ("bigger",
                      "more storage") and "the same <option>"
    mentions + clause flags ─► wishes, in the order written

* A negation ("no", "not", "without", "instead of", "anything but", "...n't") covers the rest
  of its clause: a negated value is excluded, a negated option name asks for "none"/"no".
* "if possible", "preferably", "ideally", ... make the wishes of their clause non-strict.
* "bigger", "smaller", "a size up" step to the next size; "more storage", "longer battery"
  ask for every greater value, nearest first. Both need the current item's options.
* The same option wished in two clauses: the later wins (a correction), except that an
  exclusion only narrows an earlier wish it agrees with ("Google. Not Apple." stays Google).
  A later wish in an "if not" / "otherwise" clause is a fallback: the earlier wish becomes
  strict over both values and is followed by a non-strict wish for the first choice, so
  :func:`~frontline.agent.variants.choose_variant` prefers it.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from rapidfuzz.distance import OSA

from frontline.agent.variants import (
    LETTER_SIZE_WORDS,
    LETTER_SIZES,
    ProductOption,
    Wish,
    negative_value,
    orderable_options,
    product_options,
    quantity,
    size_option,
    unit_of,
    value_nicknames,
    values_beyond,
)

__all__ = ["Wish", "read_wishes"]


def read_wishes(
    text: str, product: Mapping[str, Any], current_options: Mapping[str, str] | None = None
) -> list[Wish]:
    """The option wishes in ``text`` for ``product``, in the order written."""
    text = text.replace("’", "'")
    options, current = product_options(product), current_options or {}
    message = _Message(text, _tokenize(text), options, current, orderable_options(options, current))
    if not message.tokens or not options:
        return []
    clauses = _clauses(message)
    clause_of = [c for c, clause in enumerate(clauses) for _ in range(clause.first, clause.stop)]
    found = [*_value_mentions(message), *_name_mentions(message), *_change_mentions(message)]
    mentions = _resolve(found, clause_of)
    negators = _negators(message, mentions)
    polar = (_with_polarity(message, m, negators, clauses[clause_of[m.first]]) for m in mentions)
    return _assemble(message, clauses, [m for m in polar if m is not None])


# --- words -------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W\d_]+(?:'[^\W\d_]+)*|%|\"")
_SPELLING = {"colour": "color", "colours": "colors", "gray": "grey", "litre": "liter"}
_SPELLING |= {"litres": "liters", "dont": "don't", "doesnt": "doesn't", "wont": "won't"}
_JOINERS = frozenset({"", "-", "+", "/", "&"})  # may sit inside a value: "Wi-Fi + Cellular"


@dataclass(frozen=True, slots=True)
class _Token:
    word: str  # lower case, British spellings and thousands separators normalised
    text: str
    start: int
    end: int


def _tokenize(text: str) -> list[_Token]:
    tokens = []
    for found in _TOKEN.finditer(text):
        word = found.group(0).lower().replace(",", "")
        tokens.append(_Token(_SPELLING.get(word, word), found.group(0), found.start(), found.end()))
    return tokens


def _words(text: str) -> tuple[str, ...]:
    return tuple(token.word for token in _tokenize(text))


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
class _Message:
    text: str
    tokens: list[_Token]
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

    def _tight(self, window: list[_Token]) -> bool:
        gaps = (self.text[a.end : b.start].strip() for a, b in itertools.pairwise(window))
        return all(gap in _JOINERS for gap in gaps)


# --- clauses -----------------------------------------------------------------------------------

_SOFT = re.compile(
    r"\b(?:if (?:at all |it's |it is )?possible|where possible|preferabl[ye]|preferred|ideally"
    r"|would be (?:nice|great|good|ideal|better)|if (?:available|there is|there's|you can)"
    r"|if you have (?:it|one|them|any)|(?:i'd |i would )?prefer|nice to have|not essential"
    r"|not a must|optional(?:ly)?)\b",
    re.IGNORECASE,
)
_FALLBACK = re.compile(
    r"\b(?:if not|otherwise|or else|failing that|if (?:unavailable|out of stock|sold out)"
    r"|if (?:that's|that is|it's|it is|they're|they are) (?:not available|unavailable|out of stock)"
    r"|if (?:you )?(?:don't|do not|can't|cannot) have (?:it|that|one|them|those))\b",
    re.IGNORECASE,
)
_NOT_NEGATION = re.compile(
    r"\b(?:not (?:sure|fussed|bothered|picky)|(?:don't|do not|doesn't|does not) (?:mind|care|matter)"
    r"|no (?:preference|matter|problem|worries))\b",
    re.IGNORECASE,
)
_SPLIT_WORDS = frozenset({"but", "and", "though", "although", "however", "also", "plus", "for"})
_SPLIT_WORDS |= {"to", "into", "with", "while", "whereas", "so", "because"}
_ALL = frozenset({"anything", "everything", "all", "nothing"})  # "anything but RGB"


@dataclass(frozen=True, slots=True)
class _Clause:
    first: int  # token indexes
    stop: int
    sentence_start: bool
    soft: bool  # "if possible": its wishes are preferences
    fallback: bool  # starts with "otherwise" / "if not"
    marker_last: bool  # the soft marker ends the clause ("..., if possible")
    indifferent: bool  # "not sure", "don't mind": an option named here is not wished for


def _clauses(message: _Message) -> list[_Clause]:
    tokens, text = message.tokens, message.text
    fallbacks = {found.start() for found in _FALLBACK.finditer(text)}
    starts = [(0, True)]
    for i in range(1, len(tokens)):
        gap = text[tokens[i - 1].end : tokens[i].start]
        split_word = tokens[i].word in _SPLIT_WORDS and tokens[i - 1].word not in _ALL
        if any(mark in gap for mark in ".!?\n"):
            starts.append((i, True))
        elif "," in gap or ";" in gap or split_word or tokens[i].start in fallbacks:
            starts.append((i, False))
    soft = [found.span() for found in _SOFT.finditer(text)]
    indifferent = [found.span() for found in _NOT_NEGATION.finditer(text)]
    clauses = []
    for (first, opens), (stop, _) in itertools.pairwise([*starts, (len(tokens), True)]):
        begin, end = tokens[first].start, tokens[stop - 1].end
        marked = [span for span in soft if span[0] < end and begin < span[1]]
        last = any(span[1] >= end for span in marked)
        calm = any(a < end and begin < b for a, b in indifferent)
        clauses.append(_Clause(first, stop, opens, bool(marked), begin in fallbacks, last, calm))
    return clauses


# --- mentions ----------------------------------------------------------------------------------

_Kind = Literal["change", "value", "part", "name", "label"]
_PRIORITY: dict[_Kind, int] = {"change": 0, "value": 1, "part": 2, "name": 3, "label": 4}
_Span = tuple[int, int, _Kind]  # first token, token after the last, kind


@dataclass(frozen=True, slots=True)
class _Mention:
    """Tokens ``first:stop`` name ``option``: a value, part of one ("google"), its name
    ("backlight"), a word of its name that only tells whose value is near ("lens"), or a
    change from the current item ("bigger", "the same color")."""

    first: int
    stop: int
    option: str
    kind: _Kind
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


def _value_mentions(message: _Message) -> Iterator[_Mention]:
    for option in message.options:
        lettered = all(value.upper() in LETTER_SIZES for value in option.values)
        for value in option.values:
            for first, stop, kind in _value_spans(message, option, value, lettered):
                yield _Mention(first, stop, option.name, kind, (value,))


def _value_spans(
    message: _Message, option: ProductOption, value: str, lettered: bool
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


def _letter_spans(message: _Message, option: ProductOption, value: str) -> Iterator[_Span]:
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


def _quantity_spans(message: _Message, option: ProductOption, value: str) -> Iterator[_Span]:
    """ "1000ml", "1000 ml", "13-inch", "32 gigs", "2000 pieces"; a bare number only when
    clearly this option's ("size 10", "an 11", "the 1000 one")."""
    amount, unit = quantity(value) or (0.0, "")
    names = _words(option.name)
    for i, token in enumerate(message.tokens):
        if not token.word[0].isdigit() or float(token.word) != amount or not _free(message, token):
            continue
        after = message.tokens[i + 1] if i + 1 < len(message.tokens) else None
        if after is not None and message.text[token.end : after.start] not in {"", " ", "-"}:
            after = None
        written = "" if after is None else unit_of(after.word)
        if (unit and written == unit) or (after and any(_same_word(after.word, n) for n in names)):
            yield i, i + 2, "value"
        elif not written:
            named = any(w in names for w in (message.word(i - 1), message.word(i - 2)))
            bare = after is None or after.word in _AFTER_NUMBER
            if named or (bare and message.word(i - 1) in {"a", "an", "the"}):
                yield i, i + 1, "value"


def _free(message: _Message, token: _Token) -> bool:
    """Not part of an id or an amount: "#W2378156", "$10"."""
    before = message.text[token.start - 1] if token.start else " "
    return not (before.isalnum() or before in "$#.")


def _name_mentions(message: _Message) -> Iterator[_Mention]:
    for option in message.options:
        words = _words(option.name)
        for i in message.phrase_at(words):
            yield _Mention(i, i + len(words), option.name, "name")
        for word in set(words) - _GENERIC if len(words) > 1 else ():
            yield from (
                _Mention(i, i + 1, option.name, "label") for i in message.phrase_at((word,))
            )


_STEPS = {"bigger": 1, "larger": 1, "smaller": -1}  # to the next size only
_MORE = frozenset({"more", "higher", "greater", "longer", "bigger", "larger", "extra", "better"})
_MORE |= {"brighter", "thicker", "taller", "heavier"}
_LESS = frozenset({"less", "lower", "fewer", "shorter", "smaller", "dimmer", "thinner"})
_BARE: dict[str, tuple[str, ...]] = dict.fromkeys(("longer", "shorter"), ("length", "battery life"))
_BARE |= dict.fromkeys(("brighter", "dimmer"), ("brightness",))
_BARE |= dict.fromkeys(("thicker", "thinner"), ("thickness",))
_BARE |= {"taller": ("height",), "heavier": ("weight range",)}
_NAME_SYNONYMS = {"memory": "ram", "space": "storage", "battery": "battery life"}
_NAME_SYNONYMS |= {"screen": "screen size", "display": "screen size"}
_SKIPPED = frozenset({"the", "a", "an", "my", "its", "it's", "exact", "same", "one", "ones"})


def _change_mentions(message: _Message) -> Iterator[_Mention]:
    """Comparatives and "the same <option>", read against the current item's options."""
    for i, token in enumerate(message.tokens):
        if token.word in {"same", "keep"}:
            same = _same_option(message, i)
            if same is not None:
                stop, option = same
                yield _Mention(i, stop, option.name, "change", (message.current[option.name],))
            continue
        change = _comparative(message, i)
        if change is not None:
            stop, option, direction, step = change
            values = values_beyond(option, message.current[option.name], direction)
            yield _Mention(i, stop, option.name, "change", values[:1] if step else values)


def _same_option(message: _Message, i: int) -> tuple[int, ProductOption] | None:
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


def _comparative(message: _Message, i: int) -> tuple[int, ProductOption, int, bool] | None:
    """(end, option, +1 or -1, next value only) for "bigger", "a size up", "more storage"."""
    word, following = message.word(i), message.word(i + 1)
    sized = size_option(message.orderable)
    if word == "size" and following in {"up", "down"} and sized is not None:
        return i + 2, sized, 1 if following == "up" else -1, True
    if word == "next" and following == "size" and sized is not None:
        down = message.word(i + 2) == "down"
        return i + 2 + (message.word(i + 2) in {"up", "down"}), sized, -1 if down else 1, True
    direction = 1 if word in _MORE else -1 if word in _LESS else 0
    for j in (i + 1, i + 2) if direction else ():
        option = _named_option(message, message.word(j))
        if option is not None:
            return j + 1, option, direction, word in _STEPS and size_option([option]) is not None
    if word in _STEPS and sized is not None:
        return i + 1, sized, _STEPS[word], True
    names = _BARE.get(word, ())
    option = next((o for o in message.orderable if o.name.lower() in names), None)
    return None if option is None else (i + 1, option, direction, False)


def _named_option(message: _Message, word: str) -> ProductOption | None:
    """The orderable option ``word`` names ("storage", "memory", "battery")."""
    synonym = _NAME_SYNONYMS.get(word, "")
    for option in message.orderable if word else ():
        words = [w for w in _words(option.name) if w not in {"of", "type"}]
        if option.name.lower() == synonym or any(_same_word(word, w) for w in words):
            return option
    return None


def _resolve(mentions: list[_Mention], clause_of: list[int]) -> list[_Mention]:
    """Keep the longest of overlapping mentions (then the stronger kind). A value several
    options share ("black" frame or lens color) goes to the option named nearest in its
    clause, else to the product's first such option."""
    kept: list[_Mention] = []
    for mention in sorted(
        dict.fromkeys(mentions), key=lambda m: (m.first - m.stop, _PRIORITY[m.kind])
    ):
        span = (mention.first, mention.stop, mention.kind)
        rivals = (k for k in kept if k.first < mention.stop and mention.first < k.stop)
        if all((k.first, k.stop, k.kind) == span for k in rivals):
            kept.append(mention)
    names = [m for m in kept if m.kind in {"name", "label"}]

    def distance(mention: _Mention) -> int:
        clause = clause_of[mention.first]
        named = (n for n in names if n.option == mention.option and clause_of[n.first] == clause)
        return min((abs(n.first - mention.first) for n in named), default=len(clause_of))

    owners: dict[tuple[int, int], _Mention] = {}
    for mention in (m for m in kept if m.kind not in {"name", "label"}):
        rival = owners.get((mention.first, mention.stop))
        if rival is None or distance(mention) < distance(rival):
            owners[mention.first, mention.stop] = mention
    return sorted([*names, *owners.values()], key=lambda m: (m.first, _PRIORITY[m.kind]))


# --- negation ----------------------------------------------------------------------------------

_NEGATORS = frozenset({"no", "not", "without", "never", "nor", "except", "excluding", "minus"})
_NEGATING_PAIRS = {("instead", "of"), ("rather", "than"), ("other", "than"), ("anything", "except")}
_NEGATING_PAIRS |= {(word, "but") for word in _ALL}
_NOT_AFTER_NO = frozenset({"i", "i'd", "i'm", "we", "actually", "sorry", "thanks", "wait"})
_UNWANTED = frozenset({"needed", "necessary", "required", "wanted"})
_HAVING = frozenset({"with", "has", "have", "having", "want", "need", "needs"})


def _negators(message: _Message, mentions: list[_Mention]) -> list[int]:
    """Token indexes that negate what follows in their clause (not inside a value such as
    "not resistant", nor in "not sure", "if not", "don't mind")."""
    quiet = [f.span() for p in (_NOT_NEGATION, _FALLBACK, _SOFT) for f in p.finditer(message.text)]
    inside = {i for m in mentions if m.kind in {"value", "part"} for i in range(m.first, m.stop)}
    found = []
    for i, token in enumerate(message.tokens):
        if i in inside or any(a <= token.start < b for a, b in quiet):
            continue
        word, following = token.word, message.word(i + 1)
        single = word in _NEGATORS or word.endswith("n't")
        if (single and not (word == "no" and following in _NOT_AFTER_NO)) or (
            (word, following) in _NEGATING_PAIRS
        ):
            found.append(i)
    return found


def _unwanted_after(message: _Message, mention: _Mention, clause: _Clause) -> bool:
    """ "RGB isn't needed", "backlight not necessary"."""
    after = [message.word(j) for j in range(mention.stop, min(mention.stop + 4, clause.stop))]
    pairs = itertools.pairwise(after)
    return "unnecessary" in after or any(
        (a == "not" or a.endswith("n't")) and b in _UNWANTED for a, b in pairs
    )


def _with_polarity(
    message: _Message, mention: _Mention, negators: list[int], clause: _Clause
) -> _Mention | None:
    """The mention once negation is applied; None for a name that asks for nothing."""
    if mention.kind == "label":
        return mention
    before = [j for j in negators if clause.first <= j < mention.first]
    negated = bool(before) or _unwanted_after(message, mention, clause)
    negated = negated and mention.kind != "change"
    start = message.tokens[before[0] if negated and before else mention.first].start
    located = replace(mention, start=start, end=message.tokens[mention.stop - 1].end)
    if mention.kind == "name" and not clause.indifferent:
        having = {message.word(mention.first - 1), message.word(mention.first - 2)} & _HAVING
        return _name_wish(message.option(mention.option), located, negated, bool(having))
    if mention.kind == "name":
        return None
    return replace(located, values=None, exclude=mention.values or ()) if negated else located


def _name_wish(
    option: ProductOption, mention: _Mention, negated: bool, having: bool
) -> _Mention | None:
    """ "no backlight" → "none", "waterproof" → "yes", "with a backlight" → not "none"."""
    without = negative_value(option)
    yes = tuple(value for value in option.values if value.lower() == "yes")
    if without is None or not (negated or yes or having):
        return None
    if negated:
        return replace(mention, values=(without,))
    return replace(mention, values=yes) if yes else replace(mention, exclude=(without,))


# --- wishes ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Entry:
    wish: Wish
    narrows: bool  # only exclusions ("not RGB"): narrows an earlier wish it agrees with
    preference: bool = False  # the first choice before a fallback


def _assemble(message: _Message, clauses: list[_Clause], mentions: list[_Mention]) -> list[Wish]:
    entries: list[_Entry] = []
    for clause in _propagated(clauses, mentions):
        inside = [m for m in mentions if clause.first <= m.first < clause.stop]
        for option in dict.fromkeys(m.option for m in inside if m.kind != "label"):
            entry = _clause_entry(message, clause, [m for m in inside if m.option == option])
            if entry is not None:
                entries = _merged(entries, entry, clause.fallback)
    return [entry.wish for entry in entries]


def _clause_entry(message: _Message, clause: _Clause, group: list[_Mention]) -> _Entry | None:
    """One option's wish in one clause: "Google Home instead of Apple HomeKit" → Google;
    "black or red" → either; a name beside a value ("RGB backlight") only labels it."""
    group = [m for m in group if m.kind != "label"]
    if any(m.kind != "name" for m in group):
        group = [m for m in group if m.kind != "name"]
    if not group:
        return None
    constrained = any(m.values is not None for m in group)
    wanted = [v for m in group for v in m.values or ()]
    pool = dict.fromkeys(wanted if constrained else message.option(group[0].option).values)
    values = tuple(v for v in pool if all(v not in m.exclude for m in group))
    words = message.text[min(m.start for m in group) : max(m.end for m in group)]
    return _Entry(Wish(group[0].option, values, not clause.soft, words), not constrained)


def _merged(entries: list[_Entry], new: _Entry, fallback: bool) -> list[_Entry]:
    """Add ``new`` to the wishes so far: a correction, a narrowing or a fallback."""
    option = new.wish.option
    earlier = [e for e in entries if e.wish.option == option and not e.preference]
    if not earlier:
        return [*entries, replace(new, wish=replace(new.wish, strict=False)) if fallback else new]
    old = earlier[-1].wish
    if fallback:
        values = old.values + tuple(v for v in new.wish.values if v not in old.values)
        both = replace(old, values=values, strict=True, words=f"{old.words}, {new.wish.words}")
        last = max(i for i, e in enumerate(entries) if e.wish.option == option)
        entries = [replace(e, wish=both) if e.wish is old else e for e in entries]
        first_choice = _Entry(replace(old, strict=False), narrows=False, preference=True)
        return [*entries[: last + 1], first_choice, *entries[last + 1 :]]
    narrowed = tuple(v for v in old.values if v in new.wish.values)
    if new.narrows and narrowed:
        return [
            replace(e, wish=replace(old, values=narrowed)) if e.wish is old else e for e in entries
        ]
    return [*(e for e in entries if e.wish.option != option), new]


def _propagated(clauses: list[_Clause], mentions: list[_Mention]) -> list[_Clause]:
    """Flags of clauses without wishes go to a neighbour: "clicky, if possible" (back, in the
    same sentence), "Ideally, in black" and "if not, tactile" (forward)."""
    wishing = [
        any(c.first <= m.first < c.stop and m.kind != "label" for m in mentions) for c in clauses
    ]
    result = list(clauses)
    for i, clause in enumerate(clauses):
        if wishing[i] or not (clause.soft or clause.fallback):
            continue
        back = next((j for j in range(i - 1, -1, -1) if wishing[j]), None)
        sentence = next(j for j in range(i, -1, -1) if clauses[j].sentence_start)
        if clause.fallback and i + 1 < len(result):
            result[i + 1] = replace(result[i + 1], fallback=True)
        elif clause.soft and clause.marker_last and back is not None and back >= sentence:
            result[back] = replace(result[back], soft=True)
        elif clause.soft and i + 1 < len(result):
            result[i + 1] = replace(result[i + 1], soft=True)
    return result
