"""Satisfaction surveys for customers: a confirmation page (GET) and the vote (POST).

A GET never records anything, even with ``?score=``: mail scanners follow every link in an
email, and only a person submits the form.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from frontline.services import surveys
from frontline.web.console.pages import templates
from frontline.web.deps import App

router = APIRouter(tags=["surveys"])


class SurveyAnswerIn(BaseModel):
    score: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=surveys.MAX_COMMENT_CHARS)


def _page(request: Request, token: str, **context: object) -> HTMLResponse:
    return templates.TemplateResponse(request, "survey.html", {"token": token, **context})


@router.get("/survey/{token}", response_class=HTMLResponse)
def survey_page(
    request: Request,
    token: str,
    app: App,
    score: Annotated[int | None, Query(ge=1, le=5)] = None,
) -> HTMLResponse:
    surveys.get_survey(app.store, token)
    return _page(request, token, score=score)


@router.post("/survey/{token}", response_class=HTMLResponse)
def answer_survey_form(
    request: Request,
    token: str,
    app: App,
    score: Annotated[int, Form(ge=1, le=5)],
    comment: Annotated[str, Form(max_length=surveys.MAX_COMMENT_CHARS)] = "",
) -> HTMLResponse:
    answer = surveys.SurveyAnswer(score, comment)
    surveys.answer_survey(app.store, token, answer, app.settings.csat_reopen_at_or_below)
    return _page(request, token, answered=score)


@router.post("/api/v1/surveys/{token}")
def answer_survey(token: str, body: SurveyAnswerIn, app: App) -> dict[str, str]:
    answer = surveys.SurveyAnswer(body.score, body.comment)
    conversation = surveys.answer_survey(
        app.store, token, answer, app.settings.csat_reopen_at_or_below
    )
    return {"conversation_id": conversation.id, "status": conversation.status.value}
