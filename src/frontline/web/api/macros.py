"""Macros over HTTP: the team's canned replies and the actions they apply (staff tokens)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from frontline.domain.ids import ConversationId
from frontline.domain.staff import Macro, MacroActions, MacroId
from frontline.services import live
from frontline.services import macros as macro_service
from frontline.web.api.render import render_summary
from frontline.web.api.schemas import ConversationSummaryOut
from frontline.web.api.staff_auth import StaffToken
from frontline.web.deps import App, Token
from frontline.web.live import Live

router = APIRouter(prefix="/api/v1", tags=["macros"])


class MacroActionsIn(BaseModel):
    status: str | None = None
    priority: str | None = None
    tags: list[str] = Field(default_factory=list, description="Tags added to the conversation")
    queue: str | None = None
    assignee: str | None = Field(default=None, description="A username, or 'me'")

    def domain(self) -> MacroActions:
        return MacroActions(
            status=self.status,
            priority=self.priority,
            tags=tuple(self.tags),
            queue=self.queue,
            assignee=self.assignee,
        )


class MacroCreate(BaseModel):
    name: str
    body: str = ""
    actions: MacroActionsIn | None = None


class MacroUpdate(BaseModel):
    name: str | None = None
    body: str | None = None
    actions: MacroActionsIn | None = None


class MacroOut(BaseModel):
    id: str
    name: str
    body: str
    actions: MacroActionsIn
    created_at: datetime


class AppliedMacroOut(BaseModel):
    conversation: ConversationSummaryOut
    text: str = Field(description="The macro's text filled in, for the reply box")


def _out(macro: Macro) -> MacroOut:
    a = macro.actions
    actions = MacroActionsIn(
        status=a.status, priority=a.priority, tags=list(a.tags), queue=a.queue, assignee=a.assignee
    )
    return MacroOut(
        id=macro.id, name=macro.name, body=macro.body, actions=actions, created_at=macro.created_at
    )


@router.get("/macros")
def list_macros(app: App, _: Token) -> list[MacroOut]:
    return [_out(m) for m in macro_service.list_macros(app.store)]


@router.post("/macros", status_code=201)
def create_macro(body: MacroCreate, app: App, staff: StaffToken) -> MacroOut:
    actions = body.actions.domain() if body.actions else None
    return _out(macro_service.add_team_macro(app.store, staff, body.name, body.body, actions))


@router.patch("/macros/{macro_id}")
def update_macro(macro_id: str, body: MacroUpdate, app: App, staff: StaffToken) -> MacroOut:
    actions = body.actions.domain() if body.actions else None
    edited = macro_service.edit_macro(
        app.store, staff, MacroId(macro_id), body.name, body.body, actions
    )
    return _out(edited)


@router.delete("/macros/{macro_id}", status_code=204)
def delete_macro(macro_id: str, app: App, staff: StaffToken) -> Response:
    macro_service.delete_macro(app.store, staff, MacroId(macro_id))
    return Response(status_code=204)


@router.post("/conversations/{conversation_id}/macros/{macro_id}")
def apply_macro(
    conversation_id: str, macro_id: str, app: App, staff: StaffToken, updates: Live
) -> AppliedMacroOut:
    applied = macro_service.apply_macro(
        app.store, staff, ConversationId(conversation_id), MacroId(macro_id)
    )
    live.announce_change(updates, applied.conversation)
    return AppliedMacroOut(conversation=render_summary(applied.conversation), text=applied.text)
