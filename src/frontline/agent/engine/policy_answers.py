"""Answer a customer's policy question with the store policy section that fits it best.

The policy is a YAML list of sections (a pack's ``policy_text``; the retail pack's is
``retail/knowledge/retail_policy.yaml``), each ``{id, title, keywords, answer}``. Retrieval
is lexical, deterministic and takes microseconds:

    score = 3 x (words of every keyword phrase found in the question)
          + 1 x (idf of question words in the title)
          + 0.5 x BM25 of the question over the answer text

Words are lower-cased and lightly stemmed ("refunds", "refunded" -> "refund") and common
function words are dropped. A keyword phrase counts when all its words are in the question, in
any order. A question whose best score is below ``min_score`` (by default: no keyword matched)
gets no answer, so the agent does not answer a question the policy does not cover.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

KEYWORD_WEIGHT = 3.0
TITLE_WEIGHT = 1.0
ANSWER_WEIGHT = 0.5  # answer text alone should not reach the default ``min_score``
DEFAULT_MIN_SCORE = KEYWORD_WEIGHT  # at least one single-word keyword
_BM25_K1 = 1.2
_BM25_B = 0.75
_FIELDS = ("id", "title", "keywords", "answer")

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_STOPWORD_TEXT = (
    "a an the i im ive id me my mine you your youre we our us it its itd is are was were be "
    "been am do does did doing can could would should will shall may might must have has had "
    "to of for in on at by with from about as into than then so if or and but that thats "
    "this these those there here what whats which who whom how when where why please hi "
    "hello thanks thank just also some any all get got tell know like let"
)
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


class PolicyKnowledgeError(ValueError):
    """The policy file cannot be read as a list of policy sections."""


@dataclass(frozen=True, slots=True)
class PolicySection:
    id: str
    title: str
    keywords: tuple[str, ...]
    answer: str  # sent to the customer as written


@dataclass(frozen=True, slots=True)
class PolicyAnswer:
    section: PolicySection
    score: float  # unbounded; higher is better; at least the knowledge's ``min_score``


@dataclass(frozen=True, slots=True)
class _IndexedSection:
    section: PolicySection
    keywords: tuple[frozenset[str], ...]  # each keyword phrase as stemmed words
    title: frozenset[str]
    answer: Counter[str]  # stemmed word -> count
    answer_length: int


class PolicyKnowledge:
    def __init__(
        self, sections: Sequence[PolicySection], min_score: float = DEFAULT_MIN_SCORE
    ) -> None:
        self._sections = tuple(sections)
        self._min_score = min_score
        self._indexed = tuple(_index(section) for section in self._sections)
        self._idf = _inverse_document_frequencies(self._indexed)
        lengths = [indexed.answer_length for indexed in self._indexed]
        self._average_length = sum(lengths) / len(lengths) if lengths else 0.0

    @classmethod
    def load(cls, source: Path) -> PolicyKnowledge:
        """Read a policy file (a pack's ``policy_text``)."""
        try:
            raw = source.read_text(encoding="utf-8")
        except OSError as error:
            raise PolicyKnowledgeError(f"{source}: cannot read the policy: {error}") from error
        return cls(parse_policy(raw, str(source)))

    def sections(self) -> tuple[PolicySection, ...]:
        return self._sections

    def answer(self, question: str) -> PolicyAnswer | None:
        """The best section for ``question``, or ``None`` when none scores ``min_score``."""
        words = frozenset(_terms(question))
        best: PolicyAnswer | None = None
        for indexed in self._indexed:  # ties go to the earlier section
            score = self._score(indexed, words)
            if score >= self._min_score and (best is None or score > best.score):
                best = PolicyAnswer(indexed.section, score)
        return best

    def _score(self, indexed: _IndexedSection, present: frozenset[str]) -> float:
        keywords = sum(len(phrase) for phrase in indexed.keywords if phrase <= present)
        title = sum(self._idf.get(word, 0.0) for word in present & indexed.title)
        return (
            KEYWORD_WEIGHT * keywords
            + TITLE_WEIGHT * title
            + ANSWER_WEIGHT * self._bm25(indexed, present)
        )

    def _bm25(self, indexed: _IndexedSection, words: Iterable[str]) -> float:
        length_ratio = indexed.answer_length / self._average_length if self._average_length else 1
        total = 0.0
        for word in words:
            count = indexed.answer[word]
            if count:
                damping = _BM25_K1 * (1 - _BM25_B + _BM25_B * length_ratio)
                total += self._idf[word] * count * (_BM25_K1 + 1) / (count + damping)
        return total


def parse_policy(raw: str, source: str = "<policy>") -> list[PolicySection]:
    """Policy sections from YAML text; ``source`` names the file in error messages."""
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        raise PolicyKnowledgeError(f"{source}: not valid YAML: {error}") from error
    if not isinstance(data, list) or not data:
        raise PolicyKnowledgeError(f"{source}: expected a non-empty list of policy sections")
    sections: list[PolicySection] = []
    seen: set[str] = set()
    for position, item in enumerate(data, start=1):
        section = _section(item, f"{source}: section {position}")
        if section.id in seen:
            raise PolicyKnowledgeError(f"{source}: section {section.id!r}: duplicate id")
        seen.add(section.id)
        sections.append(section)
    return sections


def _section(item: object, where: str) -> PolicySection:
    if not isinstance(item, Mapping):
        raise PolicyKnowledgeError(f"{where}: expected a mapping with {', '.join(_FIELDS)}")
    if isinstance(item.get("id"), str) and item["id"].strip():
        where = f"{where} ({item['id'].strip()!r})"
    unknown = sorted(str(key) for key in item if key not in _FIELDS)
    if unknown:
        raise PolicyKnowledgeError(f"{where}: unknown fields {', '.join(unknown)}")
    return PolicySection(
        id=_text(item, "id", where),
        title=_text(item, "title", where),
        keywords=_keywords(item.get("keywords"), where),
        answer=" ".join(_text(item, "answer", where).split()),
    )


def _text(item: Mapping[Any, Any], field: str, where: str) -> str:
    value = item.get(field)
    if not isinstance(value, str) or not value.strip():
        raise PolicyKnowledgeError(f"{where}: {field!r} must be a non-empty string")
    return value.strip()


def _keywords(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise PolicyKnowledgeError(f"{where}: 'keywords' must be a non-empty list")
    keywords = tuple(str(keyword).strip() for keyword in value)
    for keyword in keywords:
        if not _terms(keyword):
            raise PolicyKnowledgeError(f"{where}: keyword {keyword!r} has no searchable word")
    return keywords


def _index(section: PolicySection) -> _IndexedSection:
    answer = _terms(section.answer)
    return _IndexedSection(
        section=section,
        keywords=tuple(frozenset(_terms(keyword)) for keyword in section.keywords),
        title=frozenset(_terms(section.title)),
        answer=Counter(answer),
        answer_length=len(answer),
    )


def _inverse_document_frequencies(indexed: Sequence[_IndexedSection]) -> dict[str, float]:
    # A section's document is its title, keywords and answer: a word found in every section
    # ("order") is worth little, one found in a single section ("weather") a lot.
    frequencies: Counter[str] = Counter()
    for section in indexed:
        frequencies.update(section.title | set(section.answer).union(*section.keywords))
    total = len(indexed)
    return {
        word: math.log(1 + (total - count + 0.5) / (count + 0.5))
        for word, count in frequencies.items()
    }


def _terms(text: str) -> list[str]:
    """Searchable words of ``text``: lower-cased, without stopwords, lightly stemmed."""
    words = _WORD.findall(text.lower().replace("’", "'"))
    plain = (word.replace("'", "") for word in words)
    return [_stem(word) for word in plain if word not in _STOPWORDS]


def _stem(word: str) -> str:
    """Strip plural and verb endings so "refunds", "refunded" and "refunding" all match."""
    if len(word) <= 3 or word.isdigit():
        return word
    word = _singular(word)
    for ending, replacement in (
        ("ication", "y"),
        ("ied", "y"),
        ("ation", ""),
        ("ing", ""),
        ("ed", ""),
    ):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = _undouble(word[: -len(ending)] + replacement)
            break
    if word.endswith("e") and not word.endswith("ee") and len(word) > 3:
        word = word[:-1]
    return word


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes", "uses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _undouble(word: str) -> str:
    # "cancelled" -> "cancell" -> "cancel", "shipped" -> "shipp" -> "ship"; never "process".
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousz":
        return word[:-1]
    return word
