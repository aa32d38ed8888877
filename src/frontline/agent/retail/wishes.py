"""Read which variant a customer wants: "clicky switches but no backlight", "a size up".

:func:`read_wishes` turns one message into :class:`~frontline.agent.retail.variants.Wish` values for
ONE product. Only that product's own option values are matched, so "M" is a size only when
clearly written as one ("size M", "an M", "in M", "medium"), never the "m" of "I'm"::

    text ─► tokens ─► clauses: split at , ; . ! ? and at but/and/with/for/to/then/..., and
       │                       before a fallback ("otherwise", "if not", ", else")
       └──► mentions (frontline.agent.retail.option_mentions): option values, option names,
                      comparatives ("bigger", "more storage", "less bright") and "the same <option>"
    mentions + clause flags ─► wishes, in the order written

* A negation ("no", "not", "without", "instead of", "anything but", "...n't") covers the rest
  of its clause: a negated value is excluded, a negated option name asks for "none"/"no".
* "if possible", "preferably", "ideally", ... make the wishes of their clause non-strict.
* "bigger", "smaller", "a size up" step to the next size; "more storage", "longer battery",
  "less bright" ask for every greater (smaller) value, nearest first. They need the current
  item's options.
* The same option wished in two clauses: the later wins (a correction), except that an
  exclusion only narrows an earlier wish it agrees with ("Google. Not Apple." stays Google).
* A preference chain: a later wish in an "if not" / "otherwise" / "else" clause, or in a
  "then" clause of the same sentence ("battery, then USB, then AC"), is the next choice. The
  option gets one strict wish over every choice, followed by a non-strict wish per choice but
  the last, in order, so :func:`~frontline.agent.retail.variants.choose_variant` takes the first
  choice available.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from frontline.agent.retail.option_mentions import Mention, Message, find_mentions, read_message
from frontline.agent.retail.variants import ProductOption, Wish, negative_value, product_options

__all__ = ["Wish", "read_wishes"]


def read_wishes(
    text: str, product: Mapping[str, Any], current_options: Mapping[str, str] | None = None
) -> list[Wish]:
    """The option wishes in ``text`` for ``product``, in the order written."""
    text = text.replace("’", "'")
    message = read_message(text, product_options(product), current_options or {})
    if not message.tokens or not message.options:
        return []
    clauses = _clauses(message)
    clause_of = [c for c, clause in enumerate(clauses) for _ in range(clause.first, clause.stop)]
    mentions = find_mentions(message, clause_of)
    negators = _negators(message, mentions)
    mentions = [m for m in mentions if not clauses[clause_of[m.first]].current]
    polar = (
        _with_polarity(
            message, m, _in_scope(message, m, negators, mentions), clauses[clause_of[m.first]]
        )
        for m in mentions
    )
    wishes = _old_values_after_instead(message, clauses, [m for m in polar if m is not None])
    return _assemble(message, clauses, wishes)


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
    r"|if (?:you )?(?:don't|do not|can't|cannot) have (?:it|that|one|them|those)"
    r"|(?<![\w'] )else)\b",  # "clicky, else tactile", not "anything else"
    re.IGNORECASE,
)
_NOT_NEGATION = re.compile(
    r"\b(?:not (?:sure|fussed|bothered|picky)|(?:don't|do not|doesn't|does not) (?:mind|care|matter)"
    r"|no (?:preference|matter|problem|worries))\b",
    re.IGNORECASE,
)
_CURRENTLY = re.compile(
    r"\(?\s*(?:(?:right |just )?now|currently|at the moment|at present"
    r"|(?:it'?s|it is|they'?re|they are|mine is|which is) (?:now|currently))\b"
    r"(?!\s+(?:i|i'd|i'?m|we|let'?s|can|could|please|make|change|switch|for)\b)",
    re.IGNORECASE,
)
_OVER = re.compile(r"\b(?:over|rather than|before|more than)\b", re.IGNORECASE)
_SPLIT_WORDS = frozenset({"but", "and", "though", "although", "however", "also", "plus", "for"})
_SPLIT_WORDS |= {"to", "into", "with", "while", "whereas", "so", "because", "then"}
# what stays as it is starts its own clause: "not unisex same 30ml size" keeps the 30ml
_SPLIT_WORDS |= {"same", "still", "keep", "keeping"}
_ALL = frozenset({"anything", "everything", "all", "nothing"})  # "anything but RGB"
_BOUND = frozenset(("to", w) for w in ("need", "needs", "have", "has", "want", "wants", "got"))


@dataclass(frozen=True, slots=True)
class _Clause:
    first: int  # token indexes
    stop: int
    sentence_start: bool
    soft: bool  # "if possible": its wishes are preferences
    fallback: bool  # starts with "otherwise" / "if not" / "else"
    then: bool  # starts with "then": the next choice after an earlier one in its sentence
    marker_last: bool  # the soft marker ends the clause ("..., if possible")
    indifferent: bool  # "not sure", "don't mind": an option named here is not wished for
    current: bool  # "(now size 9, black)", "currently the 1L one": what the item is, no wish


def _clauses(message: Message) -> list[_Clause]:
    tokens, text = message.tokens, message.text
    fallbacks = {found.start() for found in _FALLBACK.finditer(text)}
    starts = [(0, True)]
    # "(instead of grey, large, hydration)": a list in brackets is one clause
    brackets = [m.span() for m in re.finditer(r"\([^()]*\)", text)]
    for i in range(1, len(tokens)):
        gap = text[tokens[i - 1].end : tokens[i].start]
        if any(a < tokens[i].start < b for a, b in brackets) and "(" not in gap:
            continue
        split_word = (
            tokens[i].word in _SPLIT_WORDS
            and tokens[i - 1].word not in _ALL
            and (tokens[i].word, tokens[i - 1].word) not in _BOUND  # "don't need to be"
        )
        if any(mark in gap for mark in ".!?\n"):
            starts.append((i, True))
        elif any(mark in gap for mark in ",;(:") or split_word or tokens[i].start in fallbacks:
            starts.append((i, False))
    soft = [found.span() for found in _SOFT.finditer(text)]
    indifferent = [found.span() for found in _NOT_NEGATION.finditer(text)]
    clauses = []
    for (first, opens), (stop, _) in itertools.pairwise([*starts, (len(tokens), True)]):
        begin, end = tokens[first].start, tokens[stop - 1].end
        marked = [span for span in soft if span[0] < end and begin < span[1]]
        last = any(span[1] >= end for span in marked)
        calm = any(a < end and begin < b for a, b in indifferent)
        fallback, then = begin in fallbacks, tokens[first].word == "then"
        current = bool(_CURRENTLY.match(text, begin if first else 0))
        clauses.append(
            _Clause(first, stop, opens, bool(marked), fallback, then, last, calm, current)
        )
    return clauses


# --- negation ----------------------------------------------------------------------------------

_NEGATORS = frozenset({"no", "not", "without", "never", "nor", "except", "excluding", "minus"})
_NEGATING_PAIRS = {("instead", "of"), ("rather", "than"), ("other", "than"), ("anything", "except")}
_NEGATING_PAIRS |= {(word, "but") for word in _ALL}
_NOT_AFTER_NO = frozenset({"i", "i'd", "i'm", "we", "actually", "sorry", "thanks", "wait"})
_UNWANTED = frozenset({"needed", "necessary", "required", "wanted"})
_HAVING = frozenset({"with", "has", "have", "having", "want", "need", "needs"})


def _negators(message: Message, mentions: list[Mention]) -> list[int]:
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


def _in_scope(
    message: Message, mention: Mention, negators: list[int], mentions: list[Mention]
) -> list[int]:
    """The negators whose scope reaches ``mention``: a negation ends where the option is named
    anew after a value of another option ("500 instead of 1000 difficulty level intermediate"
    negates the 1000, not the intermediate)."""
    others = {
        i
        for v in mentions
        if v.kind in {"value", "part"} and v.option != mention.option
        for i in range(v.first, v.stop)
    }
    current = {
        w
        for option, value in message.current.items()
        if option != mention.option
        for w in value.lower().split()
    }
    names = [
        n.first
        for n in mentions
        if n.kind == "name" and n.option == mention.option and n.first <= mention.first
    ]

    def ended(j: int) -> bool:  # the option named anew after another option's value
        return any(
            any(i in others or message.word(i) in current for i in range(j + 1, n))
            for n in names
            if n > j
        )

    return [j for j in negators if not ended(j)]


_KEPT_AFTER = frozenset(
    {("still",), ("is", "fine"), ("like", "now"), ("as", "before"), ("as", "now")}
)


def _kept_after(message: Message, mention: Mention) -> bool:
    """ "full zip still", "1 liter is fine": a value the words after it keep as it is."""
    if mention.kind != "value":
        return False
    after = []  # the words right after it, up to a punctuation mark
    for j in range(mention.stop, min(mention.stop + 3, len(message.tokens))):
        gap = message.text[message.tokens[j - 1].end : message.tokens[j].start]
        if any(mark in gap for mark in ",.;:!?()"):
            break
        after.append(message.word(j))
    # "full zip still": a word naming the option may come first
    return any(tuple(after[k : k + n]) in _KEPT_AFTER for k in (0, 1) for n in (1, 2))


_REPLACING = frozenset({("instead", "of"), ("rather", "than")})


def _old_values_after_instead(
    message: Message, clauses: list[_Clause], mentions: list[Mention]
) -> list[Mention]:
    """ "wood and 4 ft instead of glass and 5 ft", "size 10 and white instead of the red size
    8": after "instead of", a value of an option already wished for before it in the same
    sentence is what the item is now, not a second wish (which, being later, would win)."""
    sentence_of, sentence = [], -1
    for clause in clauses:
        sentence += clause.sentence_start
        sentence_of += [sentence] * (clause.stop - clause.first)
    clause_of = [c for c, clause in enumerate(clauses) for _ in range(clause.first, clause.stop)]
    pivots = [
        i
        for i in range(len(message.tokens) - 1)
        if (message.word(i), message.word(i + 1)) in _REPLACING
    ]
    result = []
    for mention in mentions:
        clause = clauses[clause_of[mention.first]]
        old = mention.kind == "value" and mention.values and not (clause.fallback or clause.then)
        old = old and any(
            pivot < mention.first
            and sentence_of[pivot] == sentence_of[mention.first]
            and any(
                wished.option == mention.option
                and wished.kind == "value"
                and wished.values
                and wished.first < pivot
                and sentence_of[wished.first] == sentence_of[pivot]
                for wished in mentions
            )
            for pivot in pivots
        )
        result.append(
            replace(mention, values=None, exclude=mention.values or ()) if old else mention
        )
    return result


def _unwanted_after(message: Message, mention: Mention, clause: _Clause) -> bool:
    """ "RGB isn't needed", "backlight not necessary"."""
    after = [message.word(j) for j in range(mention.stop, min(mention.stop + 4, clause.stop))]
    pairs = itertools.pairwise(after)
    return "unnecessary" in after or any(
        (a == "not" or a.endswith("n't")) and b in _UNWANTED for a, b in pairs
    )


def _with_polarity(
    message: Message, mention: Mention, negators: list[int], clause: _Clause
) -> Mention | None:
    """The mention once negation is applied; None for a name that asks for nothing."""
    if mention.kind == "label":
        return mention
    before = [j for j in negators if clause.first <= j < mention.first]
    negated = bool(before) or _unwanted_after(message, mention, clause)
    negated = negated and not _kept_after(message, mention)  # "instead of black, full zip still"
    # a comparative is negated only by a word right before it ("not the bigger bottle"), not
    # by one earlier in its clause ("I don't like it, I want a bigger one")
    close = bool(before) and mention.first - before[-1] <= 2
    negated = negated and (mention.kind != "change" or close)
    start = message.tokens[before[0] if negated and before else mention.first].start
    located = replace(mention, start=start, end=message.tokens[mention.stop - 1].end)
    if mention.kind == "name" and not clause.indifferent:
        having = {message.word(mention.first - 1), message.word(mention.first - 2)} & _HAVING
        return _name_wish(message.option(mention.option), located, negated, bool(having))
    if mention.kind == "name":
        return None
    return replace(located, values=None, exclude=mention.values or ()) if negated else located


def _name_wish(
    option: ProductOption, mention: Mention, negated: bool, having: bool
) -> Mention | None:
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
    sentence: int
    preference: bool = False  # one choice of a preference chain, after the wish over them all
    latest: Wish | None = None  # a chain's wish over all its choices: the last choice added


def _assemble(message: Message, clauses: list[_Clause], mentions: list[Mention]) -> list[Wish]:
    entries: list[_Entry] = []
    sentence = -1
    for clause in _propagated(clauses, mentions):
        sentence += clause.sentence_start
        inside = [m for m in mentions if clause.first <= m.first < clause.stop]
        for option in dict.fromkeys(m.option for m in inside if m.kind != "label"):
            group = [m for m in inside if m.option == option]
            entry = _clause_entry(message, clause, group, sentence)
            if entry is None:
                continue
            then = clause.then and any(  # "battery powered, then USB"
                e.wish.option == option and e.sentence == sentence and not e.preference
                for e in entries
            )
            entries = _merged(entries, entry, clause.fallback or then)
            if _OVER.search(entry.wish.words) and len(entry.wish.values) > 1:
                # "an animal theme over art": either, the first one preferred
                first = replace(entry.wish, values=entry.wish.values[:1], strict=False)
                entries.append(_Entry(first, False, sentence, True))
            if any(m.kind == "extreme" for m in group):  # the extreme available, then the next
                choices = entry.wish.values[:-1]
                entries += [
                    _Entry(replace(entry.wish, values=(v,), strict=False), False, sentence, True)
                    for v in choices
                ]
    return [entry.wish for entry in entries]


def _clause_entry(
    message: Message, clause: _Clause, group: list[Mention], sentence: int
) -> _Entry | None:
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
    wish = Wish(group[0].option, values, not clause.soft, words)
    return _Entry(wish, narrows=not constrained, sentence=sentence)


def _merged(entries: list[_Entry], new: _Entry, next_choice: bool) -> list[_Entry]:
    """Add ``new`` to the wishes so far: a correction, a narrowing or the next choice of a
    preference chain ("otherwise", "then")."""
    option = new.wish.option
    earlier = [e for e in entries if e.wish.option == option and not e.preference]
    if not earlier:
        return [
            *entries,
            replace(new, wish=replace(new.wish, strict=False)) if next_choice else new,
        ]
    if next_choice:
        return _chained(entries, earlier[-1], new)
    old = earlier[-1].wish
    narrowed = tuple(v for v in old.values if v in new.wish.values)
    if new.narrows and narrowed:
        return [
            replace(e, wish=replace(old, values=narrowed)) if e.wish is old else e for e in entries
        ]
    return [*(e for e in entries if e.wish.option != option), new]


def _chained(entries: list[_Entry], chain: _Entry, new: _Entry) -> list[_Entry]:
    """ "battery, then USB, then AC": one strict wish over every choice, followed by a
    non-strict wish per choice but the last, in order, so the first available one wins."""
    old = chain.wish
    added = tuple(v for v in new.wish.values if v not in old.values)
    if not added:
        return entries
    values, words = old.values + added, f"{old.words}, {new.wish.words}"
    over_all = replace(old, values=values, strict=True, words=words)
    grown = replace(chain, wish=over_all, narrows=False, latest=replace(new.wish, values=added))
    choice = replace(chain.latest or old, strict=False)  # the choice before ``new``
    last = max(i for i, e in enumerate(entries) if e.wish.option == old.option)
    entries = [grown if e is chain else e for e in entries]
    return [*entries[: last + 1], _Entry(choice, False, chain.sentence, True), *entries[last + 1 :]]


def _propagated(clauses: list[_Clause], mentions: list[Mention]) -> list[_Clause]:
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
