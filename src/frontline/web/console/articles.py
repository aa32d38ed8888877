"""The workspace's article editor: list, write, preview, edit, publish and archive
knowledge-base articles, and read an article's version history.

Every form posts to one service function of ``frontline.services.articles``; a preview renders
the draft with the help center's Markdown settings and saves nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from markdown_it import MarkdownIt

from frontline.domain.articles import Article, ArticleDraft
from frontline.domain.errors import FrontlineError
from frontline.services import articles
from frontline.web.console.pages import flash, render
from frontline.web.console.session import FormStaff, Staff
from frontline.web.deps import App
from frontline.web.errors import STATUS_BY_ERROR

router = APIRouter(prefix="/console/knowledge/articles", include_in_schema=False)
Text = Annotated[str, Form(max_length=60_000)]
# As the help center renders bodies (web/help/routes.py): raw HTML in Markdown is shown as text.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


def _draft(
    title: str, body: str, category: str, tags: str, language: str, slug: str
) -> ArticleDraft:
    return ArticleDraft(
        title=title,
        body=body,
        category=category.strip() or "General",
        tags=tuple(t for t in (part.strip() for part in tags.split(",")) if t),
        language=language.strip() or "en",
        slug=slug.strip(),
    )


def _editor(
    request: Request,
    app: App,
    staff: object,
    draft: ArticleDraft,
    article: Article | None,
    *,
    preview: bool = False,
    error: FrontlineError | None = None,
) -> Response:
    """The editor page; after a refused save it shows the draft as written, and why."""
    history = articles.article_history(app.knowledge.store, article.id) if article else ()
    return render(
        request,
        "article_edit.html",
        status_code=_status(error),
        error=error.message if error else None,
        staff=staff,
        article=article,
        draft=draft,
        preview=_MARKDOWN.render(draft.body) if preview else None,
        history=sorted(history, key=lambda v: -v.version),
    )


def _status(error: FrontlineError | None) -> int:
    if error is None:
        return 200
    return next((status for kind, status in STATUS_BY_ERROR if isinstance(error, kind)), 400)


def _as_draft(article: Article) -> ArticleDraft:
    return ArticleDraft(
        title=article.title,
        body=article.body,
        category=article.category,
        tags=article.tags,
        language=article.language,
        slug=article.slug,
        steps=article.steps,
    )


@router.get("")
def list_page(request: Request, app: App, staff: Staff) -> Response:
    every = sorted(app.knowledge.store.list_articles(), key=lambda a: a.updated_at, reverse=True)
    return render(request, "articles.html", staff=staff, articles=every)


@router.get("/new")
def new_page(request: Request, app: App, staff: Staff) -> Response:
    return _editor(request, app, staff, ArticleDraft(title="", body=""), None)


@router.post("")
def create(  # one argument per form field
    request: Request,
    app: App,
    staff: FormStaff,
    title: Text = "",
    body: Text = "",
    category: Text = "",
    tags: Text = "",
    language: Text = "",
    slug: Text = "",
    action: Text = "save",
) -> Response:
    draft = _draft(title, body, category, tags, language, slug)
    if action == "preview":
        return _editor(request, app, staff, draft, None, preview=True)
    try:
        article = articles.create_article(app.knowledge.store, draft, editor=staff.username)
    except FrontlineError as error:
        return _editor(request, app, staff, draft, None, error=error)
    flash(request, "ok", f"Draft saved: {article.title}")
    return RedirectResponse(f"/console/knowledge/articles/{article.id}", status_code=303)


@router.get("/{article_id}")
def edit_page(request: Request, app: App, staff: Staff, article_id: str) -> Response:
    article = articles.get_article(app.knowledge.store, article_id)
    return _editor(request, app, staff, _as_draft(article), article)


@router.post("/{article_id}")
def save(  # one argument per form field
    request: Request,
    app: App,
    staff: FormStaff,
    article_id: str,
    title: Text = "",
    body: Text = "",
    category: Text = "",
    tags: Text = "",
    language: Text = "",
    slug: Text = "",
    action: Text = "save",
) -> Response:
    article = articles.get_article(app.knowledge.store, article_id)
    # the editor does not show guided steps: an edit keeps them as they are
    draft = replace(_draft(title, body, category, tags, language, slug), steps=article.steps)
    if action == "preview":
        return _editor(request, app, staff, draft, article, preview=True)
    try:
        edited = articles.edit_article(
            app.knowledge.store, article_id, draft, editor=staff.username
        )
    except FrontlineError as error:
        return _editor(request, app, staff, draft, article, error=error)
    flash(request, "ok", f"Saved version {edited.version}")
    return RedirectResponse(f"/console/knowledge/articles/{article_id}", status_code=303)


@router.post("/{article_id}/publish")
def publish(request: Request, app: App, staff: FormStaff, article_id: str) -> Response:
    article = articles.publish_article(app.knowledge.store, article_id, editor=staff.username)
    flash(request, "ok", f"Published: {article.title} at /help/articles/{article.slug}")
    return RedirectResponse(f"/console/knowledge/articles/{article_id}", status_code=303)


@router.post("/{article_id}/archive")
def archive(request: Request, app: App, staff: FormStaff, article_id: str) -> Response:
    article = articles.archive_article(app.knowledge.store, article_id, editor=staff.username)
    flash(request, "ok", f"Archived: {article.title}")
    return RedirectResponse(f"/console/knowledge/articles/{article_id}", status_code=303)
