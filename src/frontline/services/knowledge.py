"""The knowledge base as a running process sees it: the articles and their search index.

The index is built from the published articles and rebuilt when the database's revision
counter has moved (one small query per search), so articles imported by another process are
found at once. Vectors of passages that did not change are reused.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from frontline.agent.understanding.encoder import OnnxEncoder, SentenceEncoder
from frontline.domain.articles import Article, ArticleStatus
from frontline.knowledge.search import HybridIndex, SearchDocument, SearchHit, VectorCache
from frontline.knowledge.snippets import snippet
from frontline.storage.sql_articles import SqlArticleStore

MAX_QUERY_CHARS = 500


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


def load_encoder(directory: Path | None) -> SentenceEncoder | None:
    if directory is None or not (directory / "model.onnx").exists():
        return None
    return OnnxEncoder(directory)


class KnowledgeBase:
    def __init__(self, store: SqlArticleStore, encoder: SentenceEncoder | None) -> None:
        self.store = store
        self._vectors = VectorCache(encoder)
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

    def hits(self, query: str, limit: int = 5) -> list[SearchHit]:
        query = query.strip()[:MAX_QUERY_CHARS]
        return self.index().search(query, limit) if query else []

    def search(self, query: str, limit: int = 5) -> list[SearchResult]:
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
            for hit in self.hits(query, limit)
        ]
