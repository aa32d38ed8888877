"""How well ``frontline.domain.pii`` finds personal data in a labelled set of messages.

A labelled set is JSONL, one message a line: ``{"text": str, "spans": [{"kind", "start",
"end"}]}``. A found span is correct when it overlaps a labelled span of the same kind; a
labelled span is recalled when a found span of its kind overlaps it. Recall and precision are
given per kind and over all kinds.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.domain.pii import PiiKind, find_pii


@dataclass(frozen=True, slots=True)
class LabelledMessage:
    text: str
    spans: tuple[tuple[PiiKind, int, int], ...]


@dataclass(frozen=True, slots=True)
class KindScore:
    labelled: int
    found: int
    recalled: int  # labelled spans a found span overlaps
    correct: int  # found spans that overlap a labelled one

    @property
    def recall(self) -> float:
        return self.recalled / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0


@dataclass(frozen=True, slots=True)
class PiiScores:
    per_kind: dict[PiiKind, KindScore]
    overall: KindScore
    misses: tuple[tuple[str, str, str], ...]  # (missed|spurious, kind, text) for reading


def load_labelled(path: Path) -> list[LabelledMessage]:
    rows: list[LabelledMessage] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data: dict[str, Any] = json.loads(line)
            spans = tuple(
                (PiiKind(s["kind"]), int(s["start"]), int(s["end"])) for s in data["spans"]
            )
            rows.append(LabelledMessage(text=str(data["text"]), spans=spans))
    return rows


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(messages: Iterable[LabelledMessage]) -> PiiScores:
    counts: dict[PiiKind, Counter[str]] = {kind: Counter() for kind in PiiKind}
    misses: list[tuple[str, str, str]] = []
    for message in messages:
        found = [(s.kind, s.start, s.end) for s in find_pii(message.text)]
        for kind, start, end in message.spans:
            counts[kind]["labelled"] += 1
            if any(k == kind and _overlaps((s, e), (start, end)) for k, s, e in found):
                counts[kind]["recalled"] += 1
            else:
                misses.append(("missed", kind.value, message.text[start:end]))
        for kind, start, end in found:
            counts[kind]["found"] += 1
            if any(k == kind and _overlaps((s, e), (start, end)) for k, s, e in message.spans):
                counts[kind]["correct"] += 1
            else:
                misses.append(("spurious", kind.value, message.text[start:end]))
    per_kind = {kind: _kind_score(c) for kind, c in counts.items()}
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    return PiiScores(per_kind=per_kind, overall=_kind_score(total), misses=tuple(misses))


def _kind_score(counts: Counter[str]) -> KindScore:
    return KindScore(
        labelled=counts["labelled"],
        found=counts["found"],
        recalled=counts["recalled"],
        correct=counts["correct"],
    )
