"""The workspace's knowledge pages: the gap report, self-service figures, and a resolved
conversation turned into a draft article."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from frontline.domain.errors import FrontlineError
from frontline.domain.ids import ConversationId
from frontline.services import workspace
from frontline.services.articles import draft_article_from_conversation
from frontline.services.self_service import self_service_stats
from frontline.web.console.pages import flash, render
from frontline.web.console.session import FormStaff, Staff
from frontline.web.deps import App

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/knowledge/gaps")
def gaps_page(request: Request, app: App, staff: Staff) -> Response:
    return render(
        request,
        "knowledge_gaps.html",
        staff=staff,
        gaps=app.knowledge.gaps(),
        stats=self_service_stats(app.knowledge.store),
    )


@router.post("/conversations/{cid}/draft-article")
def draft_article(request: Request, app: App, staff: FormStaff, cid: str) -> Response:
    try:
        # an article is published: it is drafted from the redacted text, whoever asks
        conversation, messages, _ = workspace.get_transcript(
            app.store, staff, ConversationId(cid), raw_text_roles=()
        )
        article = draft_article_from_conversation(
            app.knowledge.store, staff, conversation, messages
        )
    except FrontlineError as error:
        flash(request, "error", error.message)
    else:
        flash(request, "ok", f"Draft article created: {article.title} ({article.slug})")
    return RedirectResponse(f"/console/conversations/{cid}", status_code=303)
