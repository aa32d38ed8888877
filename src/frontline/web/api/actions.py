"""Staff back-office actions on a conversation: preview, then confirm (staff token)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from frontline.domain.ids import ConversationId
from frontline.services.staff_actions import (
    ActionPreview,
    confirm_staff_action,
    preview_staff_action,
)
from frontline.web.api.staff_auth import StaffToken
from frontline.web.deps import App

router = APIRouter(prefix="/api/v1/conversations", tags=["actions"])


class StaffActionCreate(BaseModel):
    name: str = Field(description="A back-office operation, e.g. 'return_delivered_order_items'")
    arguments: dict[str, Any] = Field(default_factory=dict)
    confirm: bool = Field(default=False, description="False: preview only; True: run it")
    preview_key: str | None = Field(default=None, description="The key the preview returned")
    override_reason: str | None = Field(
        default=None, description="A supervisor's written reason to override a policy denial"
    )


class DenialOut(BaseModel):
    rule: str
    detail: str


class ActionPreviewOut(BaseModel):
    name: str
    arguments: dict[str, Any]
    writes: bool
    changes: list[str]
    denial: DenialOut | None
    overridable: bool
    preview_key: str
    current: Any


class StaffActionOut(BaseModel):
    preview: ActionPreviewOut
    confirmed: bool
    action_id: str | None = None
    outcome: str | None = None
    result: Any = None
    override_reason: str | None = None


def _preview_out(preview: ActionPreview) -> ActionPreviewOut:
    denial = preview.denial
    return ActionPreviewOut(
        name=preview.name,
        arguments=preview.arguments,
        writes=preview.writes,
        changes=list(preview.changes),
        denial=DenialOut(rule=denial.rule, detail=denial.detail) if denial else None,
        overridable=preview.overridable,
        preview_key=preview.key,
        current=preview.current,
    )


@router.post("/{conversation_id}/actions")
def act_on_backoffice(
    conversation_id: str,
    body: StaffActionCreate,
    app: App,
    staff: StaffToken,
    response: Response,
) -> StaffActionOut:
    """Preview an action (``confirm`` false), or run the previewed one (``confirm`` true)."""
    limit = app.settings.staff_refund_limit
    cid = ConversationId(conversation_id)
    if not body.confirm:
        preview = preview_staff_action(
            app.store, app.backoffice, staff, cid, body.name, body.arguments, limit
        )
        return StaffActionOut(preview=_preview_out(preview), confirmed=False)
    run = confirm_staff_action(
        app.store,
        app.backoffice,
        staff,
        cid,
        body.name,
        body.arguments,
        body.preview_key or "",
        limit,
        body.override_reason,
    )
    response.status_code = 201
    return StaffActionOut(
        preview=_preview_out(run.preview),
        confirmed=True,
        action_id=run.action.id,
        outcome=run.action.outcome.value,
        result=run.action.result,
        override_reason=run.override_reason,
    )
