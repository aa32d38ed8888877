"""The names a message may give as the customer's first and last name, best first.

People give their name in many forms: "Ethan Thomas. zip 43188", "anya brown, zip is 10121",
"my first name is Raj, my last name is Ito", "it's Mary Ann Smith and I live in 60641". No
single pattern reads all of them, and none needs to: the candidates are only ever *checked*
(the back office must find a customer with that name and the zip code given), so the reader
proposes every plausible pair, in order of how name-like it is, and the look-up decides.

Order of the candidates:
1. the words after "first name" and "last name" / "surname";
2. a pair after an introduction ("my name is", "I'm", "this is", "it's");
3. a capitalised pair;
4. any other pair of adjacent words that are not in ``data/not_names.txt``.
Within each, a pair of words the customers' requests use (the words of the intent examples,
"return the tea kettle") comes after one of unknown words. A run of three words ("Mary Ann
Smith") also proposes its first and last word.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from frontline.agent.reading.normalise import word_list

MAX_CANDIDATES = 6
_DATA = Path(__file__).parent / "data"
_NOT_NAMES_FILE = _DATA / "not_names.txt"
_REQUEST_WORDS_FILE = Path(__file__).parent.parent / "retail" / "data" / "retail_intents.yaml"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*")
_ZIP = re.compile(r"(?<!\d)\d{5}(?!\d)")
_FIRST = re.compile(r"\bfirst\s+name\s*(?:is|'s|:|=)?\s*([^\W\d_][\w'’-]*)", re.IGNORECASE)
_LAST = re.compile(
    r"\b(?:last\s+name|surname|family\s+name)\s*(?:is|'s|:|=)?\s*([^\W\d_][\w'’-]*)",
    re.IGNORECASE,
)
_INTRODUCTION = re.compile(
    r"\b(?:my\s+name\s+is|my\s+name's|name\s+is|name:|this\s+is|i\s+am|i'?m|it'?s|its)\s+$",
    re.IGNORECASE,
)


@functools.cache
def _not_names() -> frozenset[str]:
    return frozenset(word_list(_NOT_NAMES_FILE))


@functools.cache
def _request_words() -> frozenset[str]:
    """Lowercase words of the intent examples (written lowercase there: names are capitalised)."""
    text = _REQUEST_WORDS_FILE.read_text(encoding="utf-8")
    return frozenset(_plain(w) for w in _WORD.findall(text) if w.islower())


def _plain(word: str) -> str:
    return word.lower().replace("'", "").replace("’", "")


def is_request_word(word: str) -> bool:
    return _plain(word) in _request_words()


def _proper(word: str) -> str:
    """The word as a name is written: kept when the customer capitalised it, else titled."""
    return word if any(c.isupper() for c in word) else word.capitalize()


def name_candidates(text: str) -> list[tuple[str, str]]:
    """(first, last) pairs the message may give, most likely first, at most ``MAX_CANDIDATES``."""
    text = _EMAIL.sub(" , ", text)
    found: list[tuple[int, int, tuple[str, str]]] = []  # (rank, position, pair)
    first, last = _FIRST.search(text), _LAST.search(text)
    if first and last:
        found.append((0, 0, (_proper(first[1]), _proper(last[1]))))
    words = [m for m in _WORD.finditer(text) if _plain(m[0]) not in _not_names()]
    for i, word in enumerate(words):
        run = [word]
        for following in words[i + 1 : i + 3]:
            if text[run[-1].end() : following.start()].strip():
                break  # only words next to each other form a name
            run.append(following)
        if len(run) < 2:
            continue
        introduced = bool(_INTRODUCTION.search(text[: word.start()]))
        capitalised = all(w[0][0].isupper() for w in run[:2])
        rank = 2 * (1 if introduced else 2 if capitalised else 3)
        for pair in [(run[0][0], run[1][0])] + ([(run[0][0], run[2][0])] if len(run) == 3 else []):
            known = sum(is_request_word(w) for w in pair)
            if known == 2:
                continue  # "don't remember", "tea kettle": words of a request, not a name
            found.append((rank + known, word.start(), (_proper(pair[0]), _proper(pair[1]))))
    # of equally likely pairs, the one nearest a zip code ("... the kettle. ivan kim 60636")
    zips = [m.start() for m in _ZIP.finditer(text)]

    def order(candidate: tuple[int, int, tuple[str, str]]) -> tuple[int, int]:
        at = candidate[1]
        return candidate[0], min((abs(at - z) for z in zips), default=at)

    pairs: list[tuple[str, str]] = []
    for _, _, pair in sorted(found, key=order):
        if pair not in pairs:
            pairs.append(pair)
    return pairs[:MAX_CANDIDATES]


def is_only_a_name(text: str) -> bool:
    """The message says nothing but a name ("ivan kim", "it's Mary Ann Smith, thanks")."""
    text = _EMAIL.sub(" ", text)
    content = [w for w in _WORD.findall(text) if _plain(w) not in _not_names()]
    return len(content) == 2 or (len(content) == 3 and all(w[0].isupper() for w in content))
