"""Gaps: the questions nothing answered, grouped by meaning.

Greedy clustering on sentence vectors: each question joins the cluster whose centroid is
nearest when the cosine similarity reaches ``GAP_SIMILARITY``, else starts a new one. Without
an encoder, questions group by their exact searchable words. Clusters come back largest first,
each named by the question nearest its centre.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from frontline.knowledge.passages import terms
from frontline.knowledge.search import VectorCache

GAP_SIMILARITY = 0.5  # paraphrases score 0.5-0.85 with MiniLM; unrelated questions below 0.35
MAX_EXAMPLES = 5


@dataclass(frozen=True, slots=True)
class Gap:
    label: str  # the question nearest the cluster's centre
    count: int
    examples: tuple[str, ...]


def cluster_gaps(questions: Sequence[str], vectors: VectorCache) -> list[Gap]:
    texts = [q.strip() for q in questions if q.strip()]
    matrix = vectors.vectors(texts) if texts else None
    if matrix is None:
        return _by_words(texts)
    members: list[list[int]] = []
    sums: list[np.ndarray] = []
    for index, vector in enumerate(matrix):
        best, similarity = -1, -1.0
        for number, total in enumerate(sums):
            cosine = float(total @ vector / (np.linalg.norm(total) or 1.0))
            if cosine > similarity:
                best, similarity = number, cosine
        if best >= 0 and similarity >= GAP_SIMILARITY:
            members[best].append(index)
            sums[best] = sums[best] + vector
        else:
            members.append([index])
            sums.append(vector.copy())
    gaps = []
    for indices, total in zip(members, sums, strict=True):
        centre = total / (np.linalg.norm(total) or 1.0)
        nearest = max(indices, key=lambda i: float(matrix[i] @ centre))
        examples = tuple(dict.fromkeys(texts[i] for i in indices))[:MAX_EXAMPLES]
        gaps.append(Gap(texts[nearest], len(indices), examples))
    return sorted(gaps, key=lambda g: (-g.count, g.label))


def _by_words(texts: Sequence[str]) -> list[Gap]:
    groups: dict[tuple[str, ...], list[str]] = {}
    for text in texts:
        groups.setdefault(tuple(sorted(set(terms(text)))), []).append(text)
    gaps = [Gap(g[0], len(g), tuple(dict.fromkeys(g))[:MAX_EXAMPLES]) for g in groups.values()]
    return sorted(gaps, key=lambda g: (-g.count, g.label))
