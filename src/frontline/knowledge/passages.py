"""Words and passages: how article text is cut up for search.

A passage is one paragraph (or list) of an article's body under its nearest heading; the
article's title and tags are searched with each of its passages. Words are lower-cased, lightly
stemmed ("refunds", "refunded" -> "refund") and common function words dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORD = re.compile(r"[a-z0-9]+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*)$")
_MARKUP = re.compile(r"[*_`>#]|\[([^\]]*)\]\([^)]*\)")
_STOPWORD_TEXT = (
    "a an the i im ive id me my mine you your youre we our us it its is are was were be been "
    "am do does did doing can could would should will shall may might must have has had to of "
    "for in on at by with from as into than then so if or and but that thats this these those "
    "there here what whats which who whom how when where why please hi hello thanks thank just "
    "also some any get got know let about"
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
MAX_PASSAGE_CHARS = 360  # about the 64 tokens the sentence encoder reads


@dataclass(frozen=True, slots=True)
class Passage:
    heading: str  # the nearest heading above, or "" at the top
    text: str  # the paragraph as plain text


def stem(word: str) -> str:
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith("ss"):
                return word
            return word[: -len(suffix)] + keep
    return word


def terms(text: str) -> list[str]:
    """The searchable words of ``text``, in order."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


def plain(markdown: str) -> str:
    return " ".join(_MARKUP.sub(lambda m: m.group(1) or "", markdown).split())


def split_passages(body: str) -> list[Passage]:
    """The body's paragraphs under their headings; a long paragraph is cut at sentences."""
    passages: list[Passage] = []
    heading = ""
    block: list[str] = []

    def flush() -> None:
        text = plain(" ".join(block))
        block.clear()
        for chunk in _chunks(text):
            passages.append(Passage(heading, chunk))

    for line in body.splitlines():
        match = _HEADING.match(line)
        if match:
            flush()
            heading = plain(match.group(1))
        elif not line.strip():
            flush()
        else:
            block.append(line.strip())
    flush()
    return passages or [Passage("", "")]


def _chunks(text: str) -> list[str]:
    if not text:
        return []
    if len(text) <= MAX_PASSAGE_CHARS:
        return [text]
    chunks: list[str] = []
    current = ""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if current and len(current) + len(sentence) > MAX_PASSAGE_CHARS:
            chunks.append(current)
            current = ""
        current = f"{current} {sentence}".strip()
    if current:
        chunks.append(current)
    return chunks
