"""Workspace pages and forms. Each route parses, authorizes (through the session and the
``access_*`` gatekeepers inside the services), calls one service, then renders or redirects,
and announces committed changes to live subscribers.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BeforeValidator

from frontline.bootstrap import Frontline
from frontline.domain.conversations import ConversationStatus, Priority
from frontline.domain.errors import FrontlineError, NotFound
from frontline.domain.ids import ConversationId
from frontline.services import handover, live, workspace
from frontline.services import macros as macro_service
from frontline.services.clock import now
from frontline.services.conversations import ConversationChanges
from frontline.services.login_attempts import LoginLocked, log_in_staff
from frontline.services.ports import InboxView
from frontline.services.sla_inbox import InboxSort, get_sla_inbox
from frontline.web.console.pages import flash, render
from frontline.web.console.session import (
    FormStaff,
    Staff,
    check_csrf,
    safe_next,
    start_session,
)
from frontline.web.deps import App
from frontline.web.limits import client_address
from frontline.web.live import Live

router = APIRouter(prefix="/console", include_in_schema=False)
Text = Annotated[str, Form()]


def _conversation_url(conversation_id: str) -> str:
    return f"/console/conversations/{conversation_id}"


def _back(request: Request, conversation_id: str, error: FrontlineError | None = None) -> Response:
    if error is not None:
        flash(request, "error", error.message)
    return RedirectResponse(_conversation_url(conversation_id), status_code=303)


@router.get("/login")
def login_page(request: Request, next: str | None = None, expired: bool = False) -> Response:
    return render(request, "login.html", next=safe_next(next), expired=expired)


@router.post("/login")
def login(
    request: Request,
    app: App,
    username: Text = "",
    password: Text = "",
    csrf_token: Text = "",
    next: Text = "",
) -> Response:
    check_csrf(request, csrf_token)
    address = client_address(request.scope, app.settings.rate_limit_trust_forwarded)
    try:
        staff = log_in_staff(app.store, app.login_throttle, username, password, address)
    except LoginLocked as exc:
        page = render(
            request, "login.html", status_code=429, next=safe_next(next), error=exc.message
        )
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    except FrontlineError as exc:
        return render(
            request, "login.html", status_code=401, next=safe_next(next), error=exc.message
        )
    start_session(request, staff)
    return RedirectResponse(safe_next(next), status_code=303)


@router.post("/logout")
def logout(request: Request, _: FormStaff) -> Response:
    request.session.clear()
    return RedirectResponse("/console/login", status_code=303)


@router.get("")
def home() -> Response:
    return RedirectResponse("/console/inbox", status_code=303)


def _blank_is_none(value: object) -> object:
    """The filter form sends every field; an empty one means "any"."""
    return None if value == "" else value


@router.get("/inbox")
def inbox(
    request: Request,
    app: App,
    staff: Staff,
    view: InboxView = InboxView.unassigned,
    queue: str | None = None,
    status: Annotated[ConversationStatus | None, BeforeValidator(_blank_is_none)] = None,
    q: str | None = None,
    cursor: str | None = None,
    sort: Annotated[InboxSort | None, BeforeValidator(_blank_is_none)] = None,
) -> Response:
    order = sort or InboxSort.newest
    sla = get_sla_inbox(
        app.store, staff, view, now(), order, queue, status, q, cursor, app.settings.raw_text_roles
    )
    template = "_inbox_list.html" if request.headers.get("hx-request") else "inbox.html"
    return render(
        request,
        template,
        staff=staff,
        page=sla.page,
        sla=sla,
        views=list(InboxView),
        statuses=list(ConversationStatus),
        filters={
            "queue": queue or "",
            "status": status.value if status else "",
            "q": q or "",
            "sort": sla.sort.value,
        },
    )


def _conversation_page(app: Frontline, request: Request, staff: Staff, cid: str) -> Response:
    try:
        view = workspace.get_workspace_conversation(
            app.store, app.backoffice, staff, ConversationId(cid), app.settings.raw_text_roles
        )
    except NotFound as exc:
        return render(request, "error.html", status_code=404, staff=staff, message=exc.message)
    return render(
        request,
        "conversation.html",
        staff=staff,
        view=view,
        c=view.details.conversation,
        statuses=list(ConversationStatus),
        priorities=list(Priority),
        max_chars=app.limits.max_chars,
    )


@router.get("/conversations/{cid}")
def conversation_page(request: Request, app: App, staff: Staff, cid: str) -> Response:
    return _conversation_page(app, request, staff, cid)


@router.get("/conversations/{cid}/transcript")
def transcript(request: Request, app: App, staff: Staff, cid: str) -> HTMLResponse:
    conversation, messages, notes = workspace.get_transcript(
        app.store, staff, ConversationId(cid), app.settings.raw_text_roles
    )
    return render(
        request, "_transcript.html", c=conversation, messages=messages, notes=notes, staff=staff
    )


@router.post("/conversations/{cid}/reply")
def reply(
    request: Request, app: App, updates: Live, staff: FormStaff, cid: str, text: Text = ""
) -> Response:
    try:
        outcome = workspace.reply_as_staff(app.store, staff, ConversationId(cid), text, app.limits)
    except FrontlineError as exc:
        return _back(request, cid, exc)
    live.announce_message(updates, outcome.conversation, outcome.message)
    flash(request, "sent", "Reply sent.")
    return _back(request, cid)


@router.post("/conversations/{cid}/notes")
def note(
    request: Request, app: App, updates: Live, staff: FormStaff, cid: str, text: Text = ""
) -> Response:
    try:
        conversation, added = workspace.add_note_as_staff(
            app.store, staff, ConversationId(cid), text
        )
    except FrontlineError as exc:
        return _back(request, cid, exc)
    live.announce_note(updates, conversation, added)
    return _back(request, cid)


@router.post("/conversations/{cid}/take-over")
def take_over(request: Request, app: App, updates: Live, staff: FormStaff, cid: str) -> Response:
    try:
        conversation = handover.take_over_conversation(app.store, staff, ConversationId(cid))
    except FrontlineError as exc:
        return _back(request, cid, exc)
    live.announce_change(updates, conversation)
    return _back(request, cid)


@router.post("/conversations/{cid}/hand-back")
def hand_back(request: Request, app: App, updates: Live, staff: FormStaff, cid: str) -> Response:
    try:
        conversation = handover.hand_back_to_ai(app.store, staff, ConversationId(cid))
    except FrontlineError as exc:
        return _back(request, cid, exc)
    live.announce_change(updates, conversation)
    return _back(request, cid)


@router.post("/conversations/{cid}/update")
def update(
    request: Request,
    app: App,
    updates: Live,
    staff: FormStaff,
    cid: str,
    status: Annotated[ConversationStatus | None, Form()] = None,
    priority: Annotated[Priority | None, Form()] = None,
    assignee: Text = "",
    tags: Text = "",
) -> Response:
    changes = ConversationChanges(
        status=status,
        priority=priority,
        assignee=assignee.strip() or None,
        unassign=not assignee.strip(),
        tags=[t for t in tags.split(",") if t.strip()],
    )
    try:
        conversation = workspace.update_as_staff(app.store, staff, ConversationId(cid), changes)
    except FrontlineError as exc:
        return _back(request, cid, exc)
    live.announce_change(updates, conversation)
    return _back(request, cid)


@router.get("/macros")
def macros_page(request: Request, app: App, staff: Staff) -> Response:
    return render(request, "macros.html", staff=staff, macros=macro_service.list_macros(app.store))


@router.post("/macros")
def add_macro(
    request: Request, app: App, staff: FormStaff, name: Text = "", body: Text = ""
) -> Response:
    try:
        macro_service.add_team_macro(app.store, staff, name, body)
    except FrontlineError as exc:
        flash(request, "error", exc.message)
    return RedirectResponse("/console/macros", status_code=303)
