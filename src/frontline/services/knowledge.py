"""The knowledge base as a running process sees it: the articles and their search index.

The index is built from the published articles and rebuilt when the database's revision
counter has moved (one small query per search), so articles imported by another process are
found at once. Vectors of passages that did not change are reused.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from frontline.agent.engine.article_answers import Grounding
from frontline.agent.reading.encoder import OnnxEncoder, SentenceEncoder
from frontline.domain.articles import Article, ArticleStatus
from frontline.knowledge.gaps import Gap, cluster_gaps
from frontline.knowledge.passages import split_passages
from frontline.knowledge.search import (
    ANSWER_CONFIDENCE,
    HybridIndex,
    SearchDocument,
    SearchHit,
    VectorCache,
)
from frontline.knowledge.snippets import snippet
from frontline.services.clock import now
from frontline.storage.sql_articles import SqlArticleStore

MAX_QUERY_CHARS = 500
UNANSWERED = "unanswered"  # the event kind of a question the agent could not answer


@dataclass(frozen=True, slots=True)
class SearchResult:
    slug: str
    title: str
    url: str
    snippet: str  # HTML: escaped text with <mark> around the query's words
    score: float  # 0..1, how sure the match is
    category: str
    passage: str  # the best passage, plain text


def article_url(slug: str) -> str:
    return f"/help/articles/{slug}"


def search_document(article: Article) -> SearchDocument:
    return SearchDocument(
        article_id=article.id,
        slug=article.slug,
        title=article.title,
        category=article.category,
        tags=article.tags,
        body=article.body,
        language=article.language,
    )


@lru_cache(maxsize=4)
def load_vectors(directory: Path | None) -> VectorCache:
    """One encoder and passage-vector cache per process and encoder directory."""
    encoder: SentenceEncoder | None = None
    if directory is not None and (directory / "model.onnx").exists():
        encoder = OnnxEncoder(directory)
    return VectorCache(encoder)


class KnowledgeBase:
    def __init__(self, store: SqlArticleStore, vectors: VectorCache) -> None:
        self.store = store
        self._vectors = vectors
        self._lock = threading.Lock()
        self._index: HybridIndex | None = None
        self._revision = -1

    def index(self) -> HybridIndex:
        revision = self.store.revision()
        with self._lock:
            if self._index is None or revision != self._revision:
                published = self.store.list_articles(status=ArticleStatus.published)
                self._index = HybridIndex([search_document(a) for a in published], self._vectors)
                self._revision = revision
            return self._index

    def hits(self, query: str, limit: int = 5, language: str | None = None) -> list[SearchHit]:
        query = query.strip()[:MAX_QUERY_CHARS]
        return self.index().search(query, limit, language) if query else []

    def ground(self, question: str) -> Grounding | None:
        """The agent's port: the best article's best passages for a customer's question."""
        hits = self.hits(question, limit=1)
        if not hits:
            return None
        hit = hits[0]
        passages = [p.text for p in split_passages(hit.document.body)]
        best = passages.index(hit.passage.text) if hit.passage.text in passages else 0
        article = self.store.get(hit.document.article_id)
        steps = article.guided_steps() if article is not None else ()
        if steps:
            best = 0  # a guide starts from its introduction
        return Grounding(
            title=hit.document.title,
            url=article_url(hit.document.slug),
            passages=tuple(passages[best:]),
            confident=hit.confidence >= ANSWER_CONFIDENCE,
            steps=tuple((s.do, s.check) for s in steps),
        )

    def note_unanswered(self, question: str) -> None:
        self.store.record_event(UNANSWERED, now(), text=question)

    def gaps(self, limit: int = 5000) -> list[Gap]:
        """The questions the agent could not answer, clustered, largest first."""
        questions = [text for text, _ in self.store.event_texts(UNANSWERED, limit)]
        return cluster_gaps(questions, self._vectors)

    def search(self, query: str, limit: int = 5, language: str | None = None) -> list[SearchResult]:
        return [
            SearchResult(
                slug=hit.document.slug,
                title=hit.document.title,
                url=article_url(hit.document.slug),
                snippet=snippet(hit.passage.text, query),
                score=hit.confidence,
                category=hit.document.category,
                passage=hit.passage.text,
            )
            for hit in self.hits(query, limit, language)
        ]
