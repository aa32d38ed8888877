"""Which products or order items a message talks about: "the cleaner", "headphone", "tshirt".

A name matches when the message has its full name or its head noun (the last word: "Vacuum
Cleaner" → "cleaner"; the first word when the head says little: "vacuum", "jigsaw"; the end
of a one-word name: "watch" for "Wristwatch"), singular or plural, hyphens and spaces ignored
("t-shirt", "tshirt", "t shirt"), with one typo allowed in long words.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TYPO_MIN_LENGTH = 6
TYPO_SCORE = 85.0


@dataclass(frozen=True, slots=True)
class Mention:
    index: int  # position in the candidate list
    start: int  # character offsets of the words in the message
    end: int


def _singular(word: str) -> str:
    if len(word) > 5 and word.endswith("elves"):
        return word[:-3] + "f"  # bookshelves → bookshelf
    if len(word) > 3 and word.endswith("es") and word[:-2].endswith(("sh", "ch", "x", "ss")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# Everyday words for catalog names: "my bike" is the Bicycle
_SYNONYMS = {"bike": "bicycle", "tee": "tshirt", "cellphone": "smartphone", "mobile": "smartphone"}


def _tokens(text: str) -> list[tuple[str, int, int]]:
    words = ((_singular(m[0].replace("-", "")), m) for m in _WORD.finditer(text.lower()))
    return [(_SYNONYMS.get(word, word), m.start(), m.end()) for word, m in words]


# Head nouns that say little on their own: "the luggage", "the jigsaw", "the espresso" name
# "Luggage Set", "Jigsaw Puzzle", "Espresso Machine" by their first word instead.
_GENERIC_HEADS = frozenset(["set", "kit", "machine", "cleaner", "maker", "puzzle"])


@lru_cache(maxsize=4096)
def _name_forms(name: str) -> tuple[tuple[str, ...], ...]:
    words = tuple(_singular(w.replace("-", "")) for w in _WORD.findall(name.lower()))
    forms = [words, ("".join(words),)]
    if len(words) > 1:
        forms.append(words[-1:])
    if len(words) == 2 and words[-1] in _GENERIC_HEADS:
        forms.append(words[:1])
    return tuple(forms)


@lru_cache(maxsize=256)
def _name_words(names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for name in names for form in _name_forms(name) for w in form)


SUFFIX_MIN_LENGTH = 5


def _ends_name(word: str, name: tuple[str, ...]) -> bool:
    """ "watch" for "Wristwatch", "phone" for "Smartphone": the end of a one-word name."""
    whole = name[0] if len(name) == 1 else ""
    return len(word) >= SUFFIX_MIN_LENGTH and len(whole) > len(word) and whole.endswith(word)


def _same(word: str, wanted: str, known: frozenset[str] = frozenset()) -> bool:
    """The same word, or a typo of it; a word of another name is no typo ("speaker" is not
    "sneaker")."""
    if word == wanted:
        return True
    if word in known:
        return False
    return _typo(word, wanted)


@lru_cache(maxsize=65536)
def _typo(word: str, wanted: str) -> bool:
    short, longer = sorted((len(word), len(wanted)))
    # the ratio is at most 200 * short / (short + longer): too far apart in length, no typo
    if short < TYPO_MIN_LENGTH or TYPO_SCORE * (short + longer) > 200 * short:
        return False
    return fuzz.ratio(word, wanted) >= TYPO_SCORE


def find_mentions(text: str, names: Sequence[str], phrases: Sequence[str] = ()) -> list[Mention]:
    """Mentions of ``names`` in ``text``, in the order written; full names beat head nouns.

    Words inside one of ``phrases`` (the items' option names and values) are no mention:
    "keep set type adjustable" speaks of an option, not of the Dumbbell Set."""
    tokens = _tokens(text)
    inside = _inside_phrases(text, phrases)
    known = _name_words(tuple(names))
    found: dict[int, Mention] = {}
    taken: set[int] = set()
    for form_rank in range(4):
        for index, name in enumerate(names):
            forms = _name_forms(name)
            if form_rank >= len(forms):
                continue
            form = forms[form_rank]
            for at in range(len(tokens) - len(form) + 1):
                if not _same(tokens[at][0], form[0], known):
                    continue  # the cheap test first: most windows fail on their first word
                window = tokens[at : at + len(form)]
                overlaps = any(at + k in taken for k in range(len(form)))
                if overlaps and index not in found and form_rank >= 2:
                    continue  # a head noun inside a longer name already matched
                after = tokens[at + len(form)][0] if at + len(form) < len(tokens) else ""
                if form_rank == 3 and after in _GENERIC_HEADS:
                    continue  # "coffee machine" is a machine, not the Coffee Maker
                if any(inside(w[1], w[2]) for w in window):
                    continue
                if all(_same(w[0], f, known) for w, f in zip(window, form, strict=True)):
                    if index not in found:
                        found[index] = Mention(index, window[0][1], window[-1][2])
                    taken.update(range(at, at + len(form)))
    for index, name in enumerate(names):  # last: a one-word name by its end
        forms = _name_forms(name)
        for at, token in enumerate(tokens):
            if inside(token[1], token[2]):
                continue
            if index not in found and at not in taken and _ends_name(token[0], forms[0]):
                found[index] = Mention(index, token[1], token[2])
                taken.add(at)
    return sorted(found.values(), key=lambda m: m.start)


def _inside_phrases(text: str, phrases: Sequence[str]) -> Callable[[int, int], bool]:
    """Whether a word (its character offsets) lies inside a phrase of several words."""
    spans = [
        (m.start(), m.end())
        for phrase in {p.lower() for p in phrases if " " in p.strip()}
        for m in re.finditer(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text.lower())
    ]
    return lambda start, end: any(a <= start and end <= b for a, b in spans)


def _option_phrases(items: Sequence[Mapping[str, Any]]) -> list[str]:
    """The option names and values of ``items``: "set type", "full zipper"."""
    options = [item.get("options") or {} for item in items]
    return [str(w) for o in options if isinstance(o, Mapping) for kv in o.items() for w in kv]


def mentioned_items(text: str, items: Sequence[Mapping[str, Any]]) -> list[Mention]:
    """Order items named in ``text``; items of one product all match their shared name."""
    names = [str(item["name"]) for item in items]
    by_name: dict[str, list[int]] = {}
    for index, name in enumerate(names):
        by_name.setdefault(name, []).append(index)
    unique = list(by_name)
    mentions = find_mentions(text, unique, _option_phrases(items))
    return [Mention(index, m.start, m.end) for m in mentions for index in by_name[unique[m.index]]]
