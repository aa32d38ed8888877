"""The workspace's knowledge pages: the gap report and self-service figures."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from frontline.services.self_service import self_service_stats
from frontline.web.console.pages import render
from frontline.web.console.session import Staff
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
