"""SQL storage of the knowledge base: articles with their version history, the revision
counter that running search indexes compare against, and self-service events."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, Row, func, insert, select, update

from frontline.domain.articles import (
    Article,
    ArticleId,
    ArticleStatus,
    ArticleVersion,
    Step,
)
from frontline.storage.codec import as_utc
from frontline.storage.knowledge_tables import (
    article_versions,
    articles,
    knowledge_events,
    knowledge_revision,
)


def _article(row: Row[Any]) -> Article:
    return Article(
        id=ArticleId(row.id),
        slug=row.slug,
        title=row.title,
        body=row.body,
        category=row.category,
        tags=tuple(row.tags or ()),
        language=row.language,
        status=ArticleStatus(row.status),
        version=row.version,
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
        steps=tuple(Step(s["do"], s["check"]) for s in row.steps or ()),
        published_at=as_utc(row.published_at) if row.published_at else None,
        helpful_yes=row.helpful_yes,
        helpful_no=row.helpful_no,
    )


def _values(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "slug": article.slug,
        "title": article.title,
        "body": article.body,
        "category": article.category,
        "tags": list(article.tags),
        "language": article.language,
        "status": str(article.status),
        "steps": [{"do": s.do, "check": s.check} for s in article.steps],
        "version": article.version,
        "helpful_yes": article.helpful_yes,
        "helpful_no": article.helpful_no,
        "created_at": article.created_at,
        "updated_at": article.updated_at,
        "published_at": article.published_at,
    }


class SqlArticleStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def get(self, article_id: str) -> Article | None:
        with self._engine.connect() as connection:
            row = connection.execute(select(articles).where(articles.c.id == article_id)).first()
        return _article(row) if row else None

    def get_by_slug(self, slug: str) -> Article | None:
        with self._engine.connect() as connection:
            row = connection.execute(select(articles).where(articles.c.slug == slug)).first()
        return _article(row) if row else None

    def list_articles(
        self,
        *,
        status: ArticleStatus | None = None,
        category: str | None = None,
        limit: int | None = None,
    ) -> Sequence[Article]:
        query = select(articles).order_by(articles.c.category, articles.c.title)
        if status is not None:
            query = query.where(articles.c.status == str(status))
        if category is not None:
            query = query.where(articles.c.category == category)
        if limit is not None:
            query = query.limit(limit)
        with self._engine.connect() as connection:
            return [_article(row) for row in connection.execute(query)]

    def save(self, article: Article, *, editor: str, new_version: bool, is_new: bool) -> None:
        """Insert or update ``article``; a new version is kept in the history; the revision
        counter moves so that every search index rebuilds."""
        with self._engine.begin() as connection:
            if is_new:
                connection.execute(insert(articles).values(**_values(article)))
            else:
                connection.execute(
                    update(articles).where(articles.c.id == article.id).values(**_values(article))
                )
            if new_version:
                connection.execute(
                    insert(article_versions).values(
                        article_id=article.id,
                        version=article.version,
                        title=article.title,
                        body=article.body,
                        category=article.category,
                        tags=list(article.tags),
                        editor=editor[:100],
                        edited_at=article.updated_at,
                    )
                )
            _bump_revision(connection)

    def versions(self, article_id: str) -> Sequence[ArticleVersion]:
        query = (
            select(article_versions)
            .where(article_versions.c.article_id == article_id)
            .order_by(article_versions.c.version)
        )
        with self._engine.connect() as connection:
            return [
                ArticleVersion(
                    article_id=ArticleId(row.article_id),
                    version=row.version,
                    title=row.title,
                    body=row.body,
                    category=row.category,
                    tags=tuple(row.tags or ()),
                    edited_at=as_utc(row.edited_at),
                    editor=row.editor,
                )
                for row in connection.execute(query)
            ]

    def revision(self) -> int:
        with self._engine.connect() as connection:
            value = connection.execute(select(knowledge_revision.c.revision)).scalar()
        return int(value or 0)

    def vote(self, article_id: str, *, helpful: bool, at: datetime) -> None:
        column = articles.c.helpful_yes if helpful else articles.c.helpful_no
        with self._engine.begin() as connection:
            connection.execute(
                update(articles).where(articles.c.id == article_id).values({column: column + 1})
            )
            _insert_event(
                connection, "helpful" if helpful else "not_helpful", at, article_id=article_id
            )

    def record_event(
        self,
        kind: str,
        at: datetime,
        *,
        article_id: str | None = None,
        text: str | None = None,
        conversation_id: str | None = None,
    ) -> None:
        with self._engine.begin() as connection:
            _insert_event(
                connection,
                kind,
                at,
                article_id=article_id,
                text=text,
                conversation_id=conversation_id,
            )

    def count_events(self, kinds: Sequence[str]) -> dict[str, int]:
        query = (
            select(knowledge_events.c.kind, func.count())
            .where(knowledge_events.c.kind.in_(list(kinds)))
            .group_by(knowledge_events.c.kind)
        )
        with self._engine.connect() as connection:
            counts = {str(kind): int(n) for kind, n in connection.execute(query)}
        return {kind: counts.get(kind, 0) for kind in kinds}

    def event_texts(self, kind: str, limit: int = 5000) -> Sequence[tuple[str, str | None]]:
        query = (
            select(knowledge_events.c.text, knowledge_events.c.conversation_id)
            .where(knowledge_events.c.kind == kind, knowledge_events.c.text.is_not(None))
            .order_by(knowledge_events.c.id.desc())
            .limit(limit)
        )
        with self._engine.connect() as connection:
            return [(str(t), c) for t, c in connection.execute(query)]


def _insert_event(
    connection: Connection,
    kind: str,
    at: datetime,
    *,
    article_id: str | None = None,
    text: str | None = None,
    conversation_id: str | None = None,
) -> None:
    connection.execute(
        insert(knowledge_events).values(
            kind=kind,
            article_id=article_id,
            text=text[:2000] if text else None,
            conversation_id=conversation_id,
            created_at=at,
        )
    )


def _bump_revision(connection: Connection) -> None:
    changed = connection.execute(
        update(knowledge_revision)
        .where(knowledge_revision.c.id == 1)
        .values(revision=knowledge_revision.c.revision + 1)
    )
    if changed.rowcount == 0:
        connection.execute(insert(knowledge_revision).values(id=1, revision=1))
