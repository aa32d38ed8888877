"""Workspace forms of helpdesk operations: presence, assignment and queue, snooze and merge,
and back-office actions with a preview page before the confirmation."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from frontline.domain.errors import FrontlineError, InvalidInput
from frontline.domain.ids import ConversationId
from frontline.domain.routing import Presence
from frontline.domain.staff import MacroActions, MacroId
from frontline.services import followups, live, routing
from frontline.services import macros as macro_service
from frontline.services.staff_actions import confirm_staff_action, preview_staff_action
from frontline.web.console.pages import flash, render
from frontline.web.console.session import FormStaff
from frontline.web.deps import App
from frontline.web.live import Live

router = APIRouter(prefix="/console", include_in_schema=False)
Text = Annotated[str, Form()]
ADDRESS_FIELDS = ("address1", "address2", "city", "state", "country", "zip")
LIST_FIELDS = ("item_ids", "new_item_ids")


def _back(request: Request, cid: str, error: FrontlineError | None = None) -> Response:
    if error is not None:
        flash(request, "error", error.message)
    return RedirectResponse(f"/console/conversations/{cid}", status_code=303)


@router.post("/presence")
def set_presence(request: Request, app: App, staff: FormStaff, presence: Text = "") -> Response:
    try:
        routing.set_presence(app.store, staff, Presence(presence))
    except ValueError:
        flash(request, "error", "presence is online, away or offline")
    return RedirectResponse("/console/inbox", status_code=303)


@router.post("/conversations/{cid}/assign")
def assign(
    request: Request, app: App, updates: Live, staff: FormStaff, cid: str, assignee: Text = ""
) -> Response:
    try:
        conversation = routing.assign_conversation(
            app.store, staff, ConversationId(cid), assignee.strip() or None
        )
    except FrontlineError as exc:
        return _back(request, cid, exc)
    live.announce_change(updates, conversation)
    return _back(request, cid)


@router.post("/conversations/{cid}/queue")
def change_queue(
    request: Request, app: App, updates: Live, staff: FormStaff, cid: str, queue: Text = ""
) -> Response:
    try:
        conversation = routing.move_to_queue(app.store, staff, ConversationId(cid), queue)
    except FrontlineError as exc:
        return _back(request, cid, exc)
    live.announce_change(updates, conversation)
    return _back(request, cid)


@router.post("/conversations/{cid}/snooze")
def snooze(
    request: Request, app: App, updates: Live, staff: FormStaff, cid: str, until: Text = ""
) -> Response:
    """``until`` from a datetime-local field, read as UTC (the workspace shows UTC times)."""
    try:
        try:
            at = datetime.fromisoformat(until).replace(tzinfo=UTC)
        except ValueError as exc:
            raise InvalidInput("the snooze time is a date and time, e.g. 2026-12-04T09:00") from exc
        conversation = followups.snooze_conversation(app.store, staff, ConversationId(cid), at)
    except FrontlineError as exc:
        return _back(request, cid, exc)
    live.announce_change(updates, conversation)
    return _back(request, cid)


@router.post("/conversations/{cid}/merge")
def merge(
    request: Request, app: App, updates: Live, staff: FormStaff, cid: str, into: Text = ""
) -> Response:
    try:
        kept = followups.merge_conversations(
            app.store, staff, ConversationId(cid), ConversationId(into.strip())
        )
    except FrontlineError as exc:
        return _back(request, cid, exc)
    live.announce_change(updates, kept)
    return _back(request, kept.id)


def _arguments(form: dict[str, Any]) -> dict[str, Any]:
    """The tool arguments a back-office form carries: empty fields are not arguments, lists
    are comma separated, and an address is all six fields or none."""
    args: dict[str, Any] = {}
    for key, value in form.items():
        if not key.startswith("arg_") or not isinstance(value, str):
            continue
        name = key.removeprefix("arg_")
        if name in LIST_FIELDS:
            items = [v.strip() for v in value.split(",") if v.strip()]
            if items:
                args[name] = items
        elif value.strip() or name == "address2":
            args[name] = value.strip()
    if not any(args.get(f) for f in ADDRESS_FIELDS if f != "address2"):
        for f in ADDRESS_FIELDS:
            args.pop(f, None)
    return args


@router.post("/conversations/{cid}/actions/preview")
async def preview_action(request: Request, app: App, staff: FormStaff, cid: str) -> Response:
    form = dict(await request.form())
    name = str(form.get("name", ""))
    arguments = _arguments(form)
    try:
        preview = await run_in_threadpool(
            preview_staff_action,
            app.store,
            app.backoffice,
            staff,
            ConversationId(cid),
            name,
            arguments,
            app.settings.staff_refund_limit,
        )
    except FrontlineError as exc:
        return _back(request, cid, exc)
    return render(
        request,
        "action_preview.html",
        staff=staff,
        cid=cid,
        preview=preview,
        arguments_json=json.dumps(preview.arguments),
    )


@router.post("/conversations/{cid}/actions/confirm")
def confirm_action(
    request: Request,
    app: App,
    staff: FormStaff,
    cid: str,
    name: Text = "",
    arguments: Text = "{}",
    key: Text = "",
    override_reason: Text = "",
) -> Response:
    try:
        try:
            parsed = json.loads(arguments)
        except json.JSONDecodeError as exc:
            raise InvalidInput("the action's arguments are not valid") from exc
        run = confirm_staff_action(
            app.store,
            app.backoffice,
            staff,
            ConversationId(cid),
            name,
            parsed if isinstance(parsed, dict) else {},
            key,
            app.settings.staff_refund_limit,
            override_reason or None,
        )
    except FrontlineError as exc:
        return _back(request, cid, exc)
    outcome = run.action.outcome.value
    detail = run.action.result.get("error") if isinstance(run.action.result, dict) else None
    flash(
        request,
        "sent" if outcome == "ok" else "error",
        f"{name}: {outcome}" + (f" ({detail})" if detail else ""),
    )
    return _back(request, cid)


@router.post("/conversations/{cid}/macros")
def apply_macro(
    request: Request, app: App, updates: Live, staff: FormStaff, cid: str, macro_id: Text = ""
) -> Response:
    try:
        applied = macro_service.apply_macro(
            app.store, staff, ConversationId(cid), MacroId(macro_id)
        )
    except FrontlineError as exc:
        return _back(request, cid, exc)
    live.announce_change(updates, applied.conversation)
    flash(request, "sent", "Macro applied.")
    return _back(request, cid)


@router.post("/macros/{macro_id}/edit")
def edit_macro(
    request: Request,
    app: App,
    staff: FormStaff,
    macro_id: str,
    name: Text = "",
    body: Text = "",
    status: Text = "",
    priority: Text = "",
    tags: Text = "",
    queue: Text = "",
    assignee: Text = "",
) -> Response:
    actions = MacroActions(
        status=status or None,
        priority=priority or None,
        tags=tuple(t for t in tags.split(",") if t.strip()),
        queue=queue.strip() or None,
        assignee=assignee.strip() or None,
    )
    try:
        macro_service.edit_macro(app.store, staff, MacroId(macro_id), name, body, actions)
    except FrontlineError as exc:
        flash(request, "error", exc.message)
    return RedirectResponse("/console/macros", status_code=303)


@router.post("/macros/{macro_id}/delete")
def delete_macro(request: Request, app: App, staff: FormStaff, macro_id: str) -> Response:
    try:
        macro_service.delete_macro(app.store, staff, MacroId(macro_id))
    except FrontlineError as exc:
        flash(request, "error", exc.message)
    return RedirectResponse("/console/macros", status_code=303)
