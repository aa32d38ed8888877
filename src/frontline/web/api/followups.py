"""Snooze, merge and link conversations over HTTP (staff tokens)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from frontline.domain.ids import ConversationId
from frontline.services import followups, live
from frontline.web.api.render import render_summary
from frontline.web.api.schemas import ConversationSummaryOut
from frontline.web.api.staff_auth import StaffToken
from frontline.web.deps import App
from frontline.web.live import Live

router = APIRouter(prefix="/api/v1/conversations", tags=["follow-ups"])


class SnoozeCreate(BaseModel):
    until: datetime = Field(description="With a time zone, e.g. 2026-12-04T09:00:00Z")


class MergeCreate(BaseModel):
    into: str = Field(description="The conversation that receives this one's messages")


class LinkCreate(BaseModel):
    other: str


class LinkOut(BaseModel):
    other_id: str
    kind: str
    actor: str
    created_at: datetime


@router.post("/{conversation_id}/snooze")
def snooze(
    conversation_id: str, body: SnoozeCreate, app: App, staff: StaffToken, updates: Live
) -> ConversationSummaryOut:
    conversation = followups.snooze_conversation(
        app.store, staff, ConversationId(conversation_id), body.until
    )
    live.announce_change(updates, conversation)
    return render_summary(conversation)


@router.delete("/{conversation_id}/snooze")
def unsnooze(
    conversation_id: str, app: App, staff: StaffToken, updates: Live
) -> ConversationSummaryOut:
    conversation = followups.unsnooze_conversation(
        app.store, staff, ConversationId(conversation_id)
    )
    live.announce_change(updates, conversation)
    return render_summary(conversation)


@router.post("/{conversation_id}/merge")
def merge(
    conversation_id: str, body: MergeCreate, app: App, staff: StaffToken, updates: Live
) -> ConversationSummaryOut:
    kept = followups.merge_conversations(
        app.store, staff, ConversationId(conversation_id), ConversationId(body.into)
    )
    live.announce_change(updates, kept)
    return render_summary(kept)


@router.post("/{conversation_id}/links", status_code=201)
def link(conversation_id: str, body: LinkCreate, app: App, staff: StaffToken) -> list[LinkOut]:
    cid = ConversationId(conversation_id)
    followups.link_conversations(app.store, staff, cid, ConversationId(body.other))
    return links(conversation_id, app, staff)


@router.get("/{conversation_id}/links")
def links(conversation_id: str, app: App, staff: StaffToken) -> list[LinkOut]:
    return [
        LinkOut(other_id=lk.other_id, kind=lk.kind.value, actor=lk.actor, created_at=lk.created_at)
        for lk in followups.list_links(app.store, staff, ConversationId(conversation_id))
    ]
