"""The help center at ``/help`` (and ``/``): server-rendered, public, no login."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from markdown_it import MarkdownIt

from frontline.domain.articles import Article, ArticleStatus
from frontline.domain.errors import InvalidInput
from frontline.services import articles, self_service
from frontline.web.console.pages import render
from frontline.web.console.session import check_csrf
from frontline.web.deps import App

router = APIRouter(tags=["help center"], include_in_schema=False)
# Article bodies are Markdown written by staff; raw HTML in them is shown as text.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})


@router.get("/", response_class=HTMLResponse)
@router.get("/help", response_class=HTMLResponse)
def help_home(
    request: Request, app: App, q: Annotated[str, Query(max_length=500)] = ""
) -> HTMLResponse:
    published = app.knowledge.store.list_articles(status=ArticleStatus.published)
    categories: dict[str, list[Article]] = defaultdict(list)
    for article in published:
        categories[article.category].append(article)
    results = app.knowledge.search(q, limit=10) if q.strip() else []
    return render(
        request,
        "help_home.html",
        q=q,
        results=results,
        categories=sorted(categories.items()),
    )


@router.get("/help/articles/{slug}", response_class=HTMLResponse)
def help_article(
    request: Request,
    slug: str,
    app: App,
    question: Annotated[str, Query(max_length=2000)] = "",
    voted: Annotated[str, Query(max_length=10)] = "",
) -> HTMLResponse:
    article = articles.get_published_article(app.knowledge.store, slug)
    self_service.record_article_view(app.knowledge.store, slug)
    return render(
        request,
        "help_article.html",
        article=article,
        body=_MARKDOWN.render(article.body),
        steps=article.guided_steps() if article.steps else (),
        question=question,
        voted=voted,
    )


@router.post("/help/articles/{slug}/feedback")
def help_feedback(
    request: Request,
    slug: str,
    app: App,
    helpful: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
) -> RedirectResponse:
    check_csrf(request, csrf_token)
    articles.rate_article(app.knowledge.store, slug, helpful=helpful == "yes")
    return RedirectResponse(f"/help/articles/{slug}?voted=1", status_code=303)


@router.post("/help/articles/{slug}/solved", response_class=HTMLResponse)
def help_solved(
    request: Request,
    slug: str,
    app: App,
    question: Annotated[str, Form(max_length=2000)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> HTMLResponse:
    check_csrf(request, csrf_token)
    self_service.record_deflection(app.knowledge.store, slug, question)
    return render(request, "help_done.html", solved=True)


@router.get("/help/contact", response_class=HTMLResponse)
def help_contact(request: Request) -> HTMLResponse:
    return render(request, "help_contact.html", error=None, email="", text="")


@router.post("/help/contact", response_class=HTMLResponse)
def help_contact_send(
    request: Request,
    app: App,
    email: Annotated[str, Form(max_length=320)] = "",
    text: Annotated[str, Form(max_length=20_000)] = "",
    csrf_token: Annotated[str, Form()] = "",
) -> HTMLResponse:
    check_csrf(request, csrf_token)
    try:
        self_service.contact_support(app, email.strip(), text)
    except InvalidInput as error:
        return render(
            request, "help_contact.html", 422, error=error.message, email=email, text=text
        )
    return render(request, "help_done.html", solved=False)
