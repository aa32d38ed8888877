"""Hybrid retrieval over articles: BM25 over passages, sentence embeddings, fused by rank.

::

    query ─┬─► BM25 over passages (inverted index) ─► best passage per article ─► rank ─┐
           └─► encoder ─► cosine to article vectors ─► top articles ─► their passages ──┴─► RRF

Reciprocal rank fusion adds ``1 / (RRF_K + rank)`` from each list, so neither score's scale
matters. Each hit carries a ``confidence`` in [0, 1]: the mean of the best passage's cosine
similarity and the share of the query's (idf-weighted) words the article contains; callers
decline to answer below a threshold. The index is immutable: a change to the articles builds a
new one (reusing the vectors of unchanged passages through ``VectorCache``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from frontline.agent.reading.encoder import SentenceEncoder
from frontline.knowledge.passages import Passage, split_passages, terms

RRF_K = 60
# Below this confidence the best hit does not answer the question (set on tests/knowledge/
# kb_eval.yaml: about 95% of its unanswerable questions fall below it).
ANSWER_CONFIDENCE = 0.35
CANDIDATES = 50
BM25_K1 = 1.2
BM25_B = 0.75
TITLE_BOOST = 2  # title words count this many times in each passage
# Above this many articles, the first semantic stage compares the query with article vectors
# projected on their top ``PROJECTED_DIMENSIONS`` singular directions (a quarter of the memory
# read per query), then re-scores the nearest ``PROJECTED_CANDIDATES`` with the full vectors.
PROJECT_ABOVE = 2_000
PROJECTED_DIMENSIONS = 96
PROJECTED_CANDIDATES = 200

FloatMatrix = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class SearchDocument:
    article_id: str
    slug: str
    title: str
    category: str
    tags: tuple[str, ...]
    body: str
    language: str = "en"


@dataclass(frozen=True, slots=True)
class SearchHit:
    document: SearchDocument
    passage: Passage  # the passage that matched best
    score: float  # the fused rank score; only its order means something
    confidence: float  # 0..1, comparable between queries
    lexical: float
    semantic: float


class VectorCache:
    """Passage vectors by text, kept across index rebuilds so only new text is encoded."""

    def __init__(self, encoder: SentenceEncoder | None) -> None:
        self.encoder = encoder
        self._vectors: dict[str, npt.NDArray[np.float32]] = {}

    def vectors(self, texts: Sequence[str]) -> FloatMatrix | None:
        if self.encoder is None:
            return None
        missing = list(dict.fromkeys(t for t in texts if t not in self._vectors))
        if missing:
            for text, vector in zip(missing, self.encoder.encode(missing), strict=True):
                self._vectors[text] = vector
        if not texts:
            return np.zeros((0, self.encoder.dim), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts]).astype(np.float32)

    def query(self, text: str) -> npt.NDArray[np.float32] | None:
        if self.encoder is None:
            return None
        return np.asarray(self.encoder.encode([text])[0], dtype=np.float32)


class HybridIndex:
    def __init__(self, documents: Sequence[SearchDocument], vectors: VectorCache) -> None:
        self.documents = tuple(documents)
        self._cache = vectors
        self._passages: list[Passage] = []
        self._owner: list[int] = []  # passage -> document index
        self._spans: list[tuple[int, int]] = []  # document -> its passages [start, end)
        for index, document in enumerate(self.documents):
            start = len(self._passages)
            for passage in split_passages(document.body):
                self._passages.append(passage)
                self._owner.append(index)
            self._spans.append((start, len(self._passages)))
        self._build_lexical()
        self._build_semantic()

    def __len__(self) -> int:
        return len(self.documents)

    # -- building ----------------------------------------------------------------------------

    def _build_lexical(self) -> None:
        bags: list[dict[str, int]] = []
        self._document_terms: list[frozenset[str]] = []
        for index, passage in enumerate(self._passages):
            document = self.documents[self._owner[index]]
            words = terms(" ".join((passage.heading, passage.text, " ".join(document.tags))))
            words += terms(document.title) * TITLE_BOOST
            bag: dict[str, int] = defaultdict(int)
            for word in words:
                bag[word] += 1
            bags.append(bag)
        for document, (start, end) in zip(self.documents, self._spans, strict=True):
            vocabulary = set(
                terms(f"{document.title} {document.category} {' '.join(document.tags)}")
            )
            for bag in bags[start:end]:
                vocabulary.update(bag)
            self._document_terms.append(frozenset(vocabulary))
        lengths = np.array([sum(b.values()) for b in bags] or [0], dtype=np.float32)
        average = float(lengths.mean()) or 1.0
        frequency: dict[str, int] = defaultdict(int)
        for document_terms in self._document_terms:
            for word in document_terms:
                frequency[word] += 1
        count = max(len(self.documents), 1)
        self._idf = {
            word: math.log(1 + (count - n + 0.5) / (n + 0.5)) for word, n in frequency.items()
        }
        self._unknown_idf = math.log(1 + (count + 0.5) / 0.5)
        postings: dict[str, tuple[list[int], list[float]]] = defaultdict(lambda: ([], []))
        for pid, bag in enumerate(bags):
            norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[pid] / average)
            for word, tf in bag.items():
                ids, weights = postings[word]
                ids.append(pid)
                weights.append(self._idf[word] * tf * (BM25_K1 + 1) / (tf + norm))
        self._postings = {
            word: (np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float32))
            for word, (ids, weights) in postings.items()
        }
        self._owner_array = np.array(self._owner, dtype=np.int64)

    def _build_semantic(self) -> None:
        texts = [self._embedding_text(pid) for pid in range(len(self._passages))]
        titles = [d.title for d in self.documents]
        passage_vectors = self._cache.vectors(texts)
        title_vectors = self._cache.vectors(titles)
        self._passage_vectors = passage_vectors
        self._projection: FloatMatrix | None = None
        if passage_vectors is None or title_vectors is None or not self.documents:
            self._document_vectors: FloatMatrix | None = None
            return
        rows = []
        for (start, end), title in zip(self._spans, title_vectors, strict=True):
            mean = passage_vectors[start:end].mean(axis=0) if end > start else title
            vector = title + mean
            rows.append(vector / (np.linalg.norm(vector) or 1.0))
        self._document_vectors = np.stack(rows).astype(np.float32)
        if len(rows) > PROJECT_ABOVE:
            _, _, directions = np.linalg.svd(self._document_vectors, full_matrices=False)
            self._projection = np.ascontiguousarray(directions[:PROJECTED_DIMENSIONS].T)
            self._projected = np.ascontiguousarray(self._document_vectors @ self._projection)

    def _embedding_text(self, pid: int) -> str:
        passage = self._passages[pid]
        title = self.documents[self._owner[pid]].title
        heading = f" {passage.heading}." if passage.heading else ""
        return f"{title}.{heading} {passage.text}"

    # -- searching ---------------------------------------------------------------------------

    def search(self, query: str, limit: int = 5, language: str | None = None) -> list[SearchHit]:
        """Best documents first; only those written in ``language`` when it is given."""
        words = list(dict.fromkeys(terms(query)))
        if not self.documents or (not words and not query.strip()):
            return []
        lexical_best = self._lexical(words)
        semantic_best = self._semantic(query, lexical_best)
        lexical_rank = _ranks({d: s for d, (s, _) in lexical_best.items() if s > 0})
        semantic_rank = _ranks({d: s for d, (s, _) in semantic_best.items()})
        fused: dict[int, float] = defaultdict(float)
        for ranks in (lexical_rank, semantic_rank):
            for document, rank in ranks.items():
                fused[document] += 1.0 / (RRF_K + rank)
        weight = sum(self._idf.get(w, self._unknown_idf) for w in words)
        hits = []
        ranked = sorted(fused.items(), key=lambda kv: -kv[1])
        if language is not None:
            ranked = [(d, s) for d, s in ranked if self.documents[d].language == language]
        for document, score in ranked[:limit]:
            lexical, lexical_pid = lexical_best.get(document, (0.0, -1))
            semantic, semantic_pid = semantic_best.get(document, (0.0, -1))
            covered = sum(
                self._idf.get(w, 0.0) for w in words if w in self._document_terms[document]
            )
            coverage = covered / weight if weight else 0.0
            if semantic_pid < 0 and self._document_vectors is None:
                confidence = coverage
            else:
                confidence = 0.5 * max(semantic, 0.0) + 0.5 * coverage
            # the passage closest in meaning, else the one with the most words in common
            pid = next(p for p in (semantic_pid, lexical_pid, self._spans[document][0]) if p >= 0)
            hits.append(
                SearchHit(
                    document=self.documents[document],
                    passage=self._passages[pid],
                    score=round(score, 6),
                    confidence=round(float(confidence), 4),
                    lexical=round(float(lexical), 4),
                    semantic=round(float(semantic), 4),
                )
            )
        return hits

    def _lexical(self, words: Sequence[str]) -> dict[int, tuple[float, int]]:
        """Best BM25 passage per document, for the top candidates."""
        scores = np.zeros(len(self._passages), dtype=np.float32)
        for word in words:
            posting = self._postings.get(word)
            if posting is not None:
                scores[posting[0]] += posting[1]
        found = np.flatnonzero(scores)
        if len(found) > CANDIDATES * 4:
            found = found[np.argpartition(-scores[found], CANDIDATES * 4)[: CANDIDATES * 4]]
        best: dict[int, tuple[float, int]] = {}
        for pid in found[np.argsort(-scores[found])]:
            document = int(self._owner_array[pid])
            if document not in best:
                best[document] = (float(scores[pid]), int(pid))
        return dict(list(best.items())[:CANDIDATES])

    def _nearest_documents(self, vector: npt.NDArray[np.float32]) -> npt.NDArray[np.int64]:
        assert self._document_vectors is not None  # callers check
        if self._projection is None:
            return _top(self._document_vectors @ vector, CANDIDATES)
        rough = _top(self._projected @ (vector @ self._projection), PROJECTED_CANDIDATES)
        exact = self._document_vectors[rough] @ vector
        return rough[_top(exact, CANDIDATES)]

    def _semantic(
        self, query: str, lexical: dict[int, tuple[float, int]]
    ) -> dict[int, tuple[float, int]]:
        """Best passage cosine per document, for the nearest documents and the lexical ones."""
        if self._document_vectors is None or self._passage_vectors is None:
            return {}
        vector = self._cache.query(query)
        if vector is None:
            return {}
        nearest = self._nearest_documents(vector)
        best: dict[int, tuple[float, int]] = {}
        for document in {*map(int, nearest), *lexical}:
            start, end = self._spans[document]
            passage_similarity = self._passage_vectors[start:end] @ vector
            top = int(np.argmax(passage_similarity))
            best[document] = (float(passage_similarity[top]), start + top)
        return best


def _top(scores: npt.NDArray[np.float32], count: int) -> npt.NDArray[np.int64]:
    count = min(count, len(scores))
    return np.argpartition(-scores, count - 1)[:count].astype(np.int64)


def _ranks(scores: dict[int, float]) -> dict[int, int]:
    ordered = sorted(scores, key=lambda d: -scores[d])
    return {document: rank for rank, document in enumerate(ordered, start=1)}
