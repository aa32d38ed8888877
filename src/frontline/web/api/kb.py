"""The knowledge base over API v1: public search and reading of published articles; staff
write, publish, archive and read the history."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from frontline.domain.articles import (
    LANGUAGE_PATTERN,
    Article,
    ArticleDraft,
    ArticleVersion,
    Step,
)
from frontline.services import articles
from frontline.services.knowledge import article_url
from frontline.web.deps import App, Token

router = APIRouter(prefix="/api/v1/kb", tags=["knowledge base"])


class KbSearchResultOut(BaseModel):
    slug: str
    title: str
    url: str
    snippet: str = Field(description="HTML: the passage escaped, the query's words in <mark>")
    score: float = Field(description="0 to 1: how sure the match is")


class StepIn(BaseModel):
    do: str = Field(min_length=1, max_length=1000)
    check: str = Field(default="Did that fix it?", min_length=1, max_length=300)


class ArticleCreate(BaseModel):
    title: str = Field(max_length=200)
    body: str = Field(max_length=100_000)
    category: str = Field(default="General", max_length=100)
    tags: list[str] = Field(default_factory=list, max_length=20)
    language: str = Field(default="en", max_length=10)
    slug: str = Field(default="", max_length=80)
    steps: list[StepIn] = Field(default_factory=list, max_length=20)
    publish: bool = False


class ArticleUpdate(BaseModel):
    title: str = Field(max_length=200)
    body: str = Field(max_length=100_000)
    category: str = Field(default="General", max_length=100)
    tags: list[str] = Field(default_factory=list, max_length=20)
    language: str = Field(default="en", max_length=10)
    slug: str = Field(default="", max_length=80)
    steps: list[StepIn] = Field(default_factory=list, max_length=20)


class ArticleOut(BaseModel):
    id: str
    slug: str
    title: str
    body: str
    category: str
    tags: list[str]
    language: str
    status: str
    version: int
    url: str
    steps: list[StepIn]
    helpful_yes: int
    helpful_no: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None


class ArticleVersionOut(BaseModel):
    version: int
    title: str
    body: str
    category: str
    tags: list[str]
    editor: str
    edited_at: datetime


def _out(article: Article) -> ArticleOut:
    return ArticleOut(
        id=article.id,
        slug=article.slug,
        title=article.title,
        body=article.body,
        category=article.category,
        tags=list(article.tags),
        language=article.language,
        status=str(article.status),
        version=article.version,
        url=article_url(article.slug),
        steps=[StepIn(do=s.do, check=s.check) for s in article.steps],
        helpful_yes=article.helpful_yes,
        helpful_no=article.helpful_no,
        created_at=article.created_at,
        updated_at=article.updated_at,
        published_at=article.published_at,
    )


def _version_out(version: ArticleVersion) -> ArticleVersionOut:
    return ArticleVersionOut(
        version=version.version,
        title=version.title,
        body=version.body,
        category=version.category,
        tags=list(version.tags),
        editor=version.editor,
        edited_at=version.edited_at,
    )


def _draft(body: ArticleCreate | ArticleUpdate) -> ArticleDraft:
    return ArticleDraft(
        title=body.title,
        body=body.body,
        category=body.category,
        tags=tuple(body.tags),
        language=body.language,
        slug=body.slug,
        steps=tuple(Step(s.do, s.check) for s in body.steps),
    )


@router.get("/search")
def search_articles(
    app: App,
    q: Annotated[str, Query(min_length=1, max_length=500)],
    limit: Annotated[int, Query(ge=1, le=20)] = 5,
    language: Annotated[
        str | None, Query(pattern=LANGUAGE_PATTERN.pattern, description="e.g. en, pt-BR")
    ] = None,
) -> list[KbSearchResultOut]:
    """Published articles for a question, best first (public: the portal searches as you type);
    only those written in ``language`` when it is given."""
    return [
        KbSearchResultOut(slug=r.slug, title=r.title, url=r.url, snippet=r.snippet, score=r.score)
        for r in app.knowledge.search(q, limit, language)
    ]


@router.get("/articles/{slug}")
def read_article(slug: str, app: App) -> ArticleOut:
    """A published article (public)."""
    return _out(articles.get_published_article(app.knowledge.store, slug))


@router.get("/articles")
def list_articles(app: App, _: Token) -> list[ArticleOut]:
    """Every article, drafts and archived ones too."""
    return [_out(a) for a in app.knowledge.store.list_articles()]


@router.post("/articles", status_code=201)
def create_article(body: ArticleCreate, app: App, token: Token) -> ArticleOut:
    article = articles.create_article(
        app.knowledge.store, _draft(body), editor=token.name, publish=body.publish
    )
    return _out(article)


@router.put("/articles/{article_id}")
def edit_article(article_id: str, body: ArticleUpdate, app: App, token: Token) -> ArticleOut:
    return _out(
        articles.edit_article(app.knowledge.store, article_id, _draft(body), editor=token.name)
    )


@router.post("/articles/{article_id}/publish")
def publish_article(article_id: str, app: App, token: Token) -> ArticleOut:
    return _out(articles.publish_article(app.knowledge.store, article_id, editor=token.name))


@router.post("/articles/{article_id}/archive")
def archive_article(article_id: str, app: App, token: Token) -> ArticleOut:
    return _out(articles.archive_article(app.knowledge.store, article_id, editor=token.name))


@router.get("/articles/{article_id}/versions")
def article_versions(article_id: str, app: App, _: Token) -> list[ArticleVersionOut]:
    return [_version_out(v) for v in articles.article_history(app.knowledge.store, article_id)]
