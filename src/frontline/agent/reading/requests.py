"""Several requests in one message: "cancel #W1234567 and tell me where #W7654321 is".

The message is cut into clauses at sentence ends and at joining words ("and", "also", "then",
"plus", ...). Each clause is classified on its own; a clause counts as a request when it is in
scope with enough confidence. Neighbouring clauses with the same intent merge, unless each
names its own order (then they are two requests of one kind: "cancel #W1 and cancel #W2").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from frontline.agent.reading.results import IntentSpan

_BOUNDARY = re.compile(
    r"[.?!;]+\s+|\n+|,?\s+\b(?:and also|and then|and|also|plus|then|after that|as well as"
    r"|oh and|besides that|additionally)\b\s+",
    re.IGNORECASE,
)
MIN_CLAUSE_WORDS = 2


@dataclass(frozen=True, slots=True)
class Clause:
    start: int
    end: int
    text: str


def split_clauses(text: str) -> list[Clause]:
    """Clauses with their offsets; very short pieces ("#W2") join the clause before them."""
    clauses: list[Clause] = []
    cursor = 0
    for m in _BOUNDARY.finditer(text):
        _append(clauses, text, cursor, m.start())
        cursor = m.end()
    _append(clauses, text, cursor, len(text))
    return clauses


def _append(clauses: list[Clause], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip(" ,")
    if not stripped:
        return
    start += len(piece) - len(piece.lstrip(" ,"))
    end = start + len(stripped)
    if clauses and len(stripped.split()) < MIN_CLAUSE_WORDS:
        last = clauses.pop()
        clauses.append(Clause(last.start, end, text[last.start : end]))
        return
    clauses.append(Clause(start, end, stripped))


Classify = Callable[[Sequence[str]], list[tuple[str, float, bool]]]  # intent, confidence, oos
HasOrder = Callable[[str], bool]


def find_requests(text: str, classify: Classify, has_order: HasOrder) -> list[IntentSpan]:
    """The in-scope requests of a message, in order; empty when there are fewer than two."""
    clauses = split_clauses(text)
    if len(clauses) < 2:
        return []
    spans: list[IntentSpan] = []
    for clause, (intent, confidence, oos) in zip(
        clauses, classify([c.text for c in clauses]), strict=True
    ):
        if oos:
            continue
        span = IntentSpan(intent, round(confidence, 4), clause.start, clause.end, clause.text)
        if spans and _same_request(spans[-1], span, has_order):
            first = spans.pop()
            span = IntentSpan(
                intent,
                max(first.confidence, span.confidence),
                first.start,
                span.end,
                text[first.start : span.end],
            )
        spans.append(span)
    return spans if len(spans) >= 2 else []


def _same_request(previous: IntentSpan, current: IntentSpan, has_order: HasOrder) -> bool:
    if previous.intent != current.intent:
        return False
    return not (has_order(previous.text) and has_order(current.text))
