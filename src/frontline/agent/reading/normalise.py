"""The text a message is read as: the customer's words without fillers and misspelt key words.

"um, yes go ahead", "so basically i want to return the lamp", "i want, uh, the black one" are
read as "yes go ahead", "i want to return the lamp", "i want the black one"; "i need to retrun
the lamp" as "i need to return the lamp". The stored message keeps what was sent.

Both are data: the fillers in ``data/fillers.txt``, the key words in a pack's word list (the
retail pack's ``retail/data/key_words.txt``). A word is corrected only when it is not an
English word (the frequency dictionary that ``symspellpy`` ships, 82,765 words), has five
letters or more, and is one edit (a letter added, dropped, changed, or two swapped) from
exactly one key word: "charge" stays "charge", a name stays a name, and "cancelar" stays
Spanish.
"""

from __future__ import annotations

import functools
import re
from importlib.resources import files
from pathlib import Path

from rapidfuzz.distance import OSA

_FILLERS_FILE = Path(__file__).parent / "data" / "fillers.txt"
_WORD = re.compile(r"(?<![\w@.#-])[a-z]{5,}(?![\w@-])", re.IGNORECASE)


def word_list(path: Path) -> list[str]:
    """The entries of a word-list data file: one per line, ``#`` lines are comments."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


@functools.cache
def _english() -> frozenset[str]:
    dictionary = files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt")
    return frozenset(line.split(" ", 1)[0] for line in dictionary.read_text("utf-8").splitlines())


@functools.cache
def _key_words(path: Path) -> tuple[str, ...]:
    return tuple(word_list(path))


@functools.cache
def _corrected(word: str, key_words: Path) -> str:
    lower = word.lower()
    if lower in _english():
        return word
    close = [k for k in _key_words(key_words) if OSA.distance(lower, k, score_cutoff=1) <= 1]
    return close[0] if len(close) == 1 else word


def with_key_words_spelt(text: str, key_words: Path) -> str:
    """``text`` with misspelt key words corrected ("retrun" → "return"), the key words read
    from the word list ``key_words`` (a pack's ``key_words``)."""
    return _WORD.sub(lambda m: _corrected(m[0], key_words), text)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    fillers = sorted(word_list(_FILLERS_FILE), key=len, reverse=True)
    sounds = [f for f in fillers if re.fullmatch(r"(?:u|e|h|m)[mhr]*m*", f)]
    words = "|".join(r"\s+".join(map(re.escape, f.split())) for f in fillers)
    leading = re.compile(rf"^(?:\W*\b(?:{words})\b(?:\s*[,.…!]+|\s+|$))+", re.IGNORECASE)
    anywhere = re.compile(
        rf"(?:,\s*)?\b(?:{'|'.join(map(re.escape, sounds))})\b(?:\s*[,.…]+)?", re.IGNORECASE
    )
    return leading, anywhere


def without_fillers(text: str) -> str:
    """``text`` without leading fillers and filler sounds; unchanged when nothing else is left."""
    leading, anywhere = _patterns()
    stripped = re.sub(r"[ \t]{2,}", " ", anywhere.sub(" ", leading.sub("", text, count=1))).strip()
    return stripped if stripped.strip(" .,!?") else text
