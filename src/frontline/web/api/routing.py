"""Queues, members, presence and assignment over HTTP (staff tokens)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from frontline.domain.conversations import Conversation
from frontline.domain.ids import ConversationId
from frontline.domain.routing import Presence, Strategy
from frontline.services import live, routing
from frontline.services.routing_ports import PresenceState
from frontline.web.api.render import render_summary
from frontline.web.api.schemas import ConversationSummaryOut
from frontline.web.api.staff_auth import StaffToken
from frontline.web.deps import App, Token, VisibleConversation
from frontline.web.live import Live

router = APIRouter(prefix="/api/v1", tags=["routing"])


class QueueCreate(BaseModel):
    name: str
    strategy: Strategy = Strategy.least_loaded


class QueueUpdate(BaseModel):
    strategy: Strategy


class QueueOut(BaseModel):
    name: str
    strategy: Strategy
    members: list[str]
    waiting: int
    created_at: datetime


class MemberCreate(BaseModel):
    username: str


class PresenceUpdate(BaseModel):
    presence: Presence


class SeatUpdate(BaseModel):
    capacity: int | None = Field(default=None, description="Conversations held at once")
    languages: list[str] | None = Field(default=None, description="[] speaks every language")


class PresenceOut(BaseModel):
    presence: Presence
    capacity: int
    languages: list[str]


class AssignmentCreate(BaseModel):
    assignee: str | None = Field(description="A staff username; null unassigns")


class QueueChange(BaseModel):
    queue: str


class RouteRequest(BaseModel):
    language: str | None = Field(default=None, description="e.g. 'es': only members who speak it")


def _queue_out(view: routing.QueueView) -> QueueOut:
    return QueueOut(
        name=view.queue.name,
        strategy=view.queue.strategy,
        members=list(view.members),
        waiting=view.waiting,
        created_at=view.queue.created_at,
    )


def _presence_out(state: PresenceState) -> PresenceOut:
    return PresenceOut(
        presence=state.presence, capacity=state.capacity, languages=list(state.languages)
    )


def _changed(updates: Live, conversation: Conversation) -> ConversationSummaryOut:
    live.announce_change(updates, conversation)
    return render_summary(conversation)


@router.get("/queues")
def list_queues(app: App, _: Token) -> list[QueueOut]:
    return [_queue_out(v) for v in routing.list_queues(app.store)]


@router.post("/queues", status_code=201)
def create_queue(body: QueueCreate, app: App, staff: StaffToken) -> QueueOut:
    queue = routing.create_queue(app.store, staff, body.name, body.strategy)
    return _queue_out(routing.QueueView(queue, (), 0))


@router.patch("/queues/{name}")
def update_queue(name: str, body: QueueUpdate, app: App, staff: StaffToken) -> QueueOut:
    queue = routing.change_queue_strategy(app.store, staff, name, body.strategy)
    return next(_queue_out(v) for v in routing.list_queues(app.store) if v.queue == queue)


@router.delete("/queues/{name}", status_code=204)
def delete_queue(name: str, app: App, staff: StaffToken) -> Response:
    routing.delete_queue(app.store, staff, name)
    return Response(status_code=204)


@router.post("/queues/{name}/members", status_code=201)
def add_member(name: str, body: MemberCreate, app: App, staff: StaffToken) -> QueueOut:
    return _queue_out(routing.add_queue_member(app.store, staff, name, body.username))


@router.delete("/queues/{name}/members/{username}")
def remove_member(name: str, username: str, app: App, staff: StaffToken) -> QueueOut:
    return _queue_out(routing.remove_queue_member(app.store, staff, name, username))


@router.get("/staff/me/presence")
def my_presence(app: App, staff: StaffToken) -> PresenceOut:
    return _presence_out(routing.get_presence(app.store, staff))


@router.put("/staff/me/presence")
def set_my_presence(body: PresenceUpdate, app: App, staff: StaffToken) -> PresenceOut:
    return _presence_out(routing.set_presence(app.store, staff, body.presence))


@router.put("/staff/{username}/seat")
def set_seat(username: str, body: SeatUpdate, app: App, staff: StaffToken) -> PresenceOut:
    return _presence_out(
        routing.set_seat(app.store, staff, username, body.capacity, body.languages)
    )


@router.post("/conversations/{conversation_id}/assignment")
def assign(
    conversation_id: str, body: AssignmentCreate, app: App, staff: StaffToken, updates: Live
) -> ConversationSummaryOut:
    conversation = routing.assign_conversation(
        app.store, staff, ConversationId(conversation_id), body.assignee
    )
    return _changed(updates, conversation)


@router.post("/conversations/{conversation_id}/queue")
def change_queue(
    conversation_id: str, body: QueueChange, app: App, staff: StaffToken, updates: Live
) -> ConversationSummaryOut:
    conversation = routing.move_to_queue(
        app.store, staff, ConversationId(conversation_id), body.queue
    )
    return _changed(updates, conversation)


@router.post("/conversations/{conversation_id}/route")
def route(
    conversation_id: VisibleConversation,
    body: RouteRequest,
    app: App,
    staff: StaffToken,
    updates: Live,
) -> ConversationSummaryOut:
    conversation = routing.route_conversation(
        app.store, conversation_id, f"human:{staff.username}", body.language
    )
    return _changed(updates, conversation)
