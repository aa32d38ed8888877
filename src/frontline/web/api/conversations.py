"""Conversations: the customer-facing message path and the helpdesk's operations on it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from frontline.domain.conversations import Channel, ConversationStatus
from frontline.domain.ids import ConversationId, CustomerId
from frontline.services import conversations, customer_access, customer_limits, live, messages
from frontline.services.customers import CustomerDetails
from frontline.services.ports import ConversationFilter
from frontline.services.staff_access import access_conversation_list
from frontline.web.api.render import (
    render_details,
    render_message,
    render_note,
    render_outcome,
    render_summary,
)
from frontline.web.api.schemas import (
    ConversationCreate,
    ConversationOut,
    ConversationPageOut,
    ConversationStartOut,
    ConversationSummaryOut,
    ConversationUpdate,
    MessageCreate,
    MessageOut,
    MessageOutcomeOut,
    NoteCreate,
    NoteOut,
    ReplyCreate,
)
from frontline.web.deps import (
    App,
    ConversationAccess,
    Token,
    VisibleConversation,
    signed_identity,
)
from frontline.web.live import Live

router = APIRouter(prefix="/api/v1/conversations", tags=["conversations"])


# The two customer message routes are the hot path. The AI's turn runs in a worker thread,
# never on the event loop: a slow turn (a long message, a slow back office) must not stall
# every other request and WebSocket of the process (docs/benchmarks.md has its cost).
@router.post("", status_code=201)
async def create_conversation(
    body: ConversationCreate, app: App, updates: Live, response: Response
) -> ConversationStartOut:
    given = body.customer
    customer = CustomerDetails(given.email, given.name, given.phone) if given else None
    customer_limits.check_new_conversation_rate(app.customer_limits, customer)
    started = await run_in_threadpool(
        customer_access.start_customer_conversation,
        app.store,
        body.channel,
        body.text,
        customer,
        app.limits,
        body.channel_message_id,
        app.agent,
        signed_identity(app, given),
    )
    outcome = started.outcome
    if outcome.duplicate:
        response.status_code = 200
    else:
        live.announce_outcome(updates, outcome)
    return ConversationStartOut(
        **render_outcome(outcome).model_dump(), customer_token=started.customer_token
    )


@router.post("/{conversation_id}/messages")
async def post_message(
    conversation_id: ConversationAccess, body: MessageCreate, app: App, updates: Live
) -> MessageOutcomeOut:
    customer_limits.check_customer_message_rate(app.store, app.customer_limits, conversation_id)
    outcome = await run_in_threadpool(
        messages.receive_customer_message,
        app.store,
        conversation_id,
        body.text,
        app.limits,
        body.channel_message_id,
        app.agent,
    )
    if not outcome.duplicate:
        live.announce_outcome(updates, outcome)
    return render_outcome(outcome)


@router.get("/{conversation_id}")
def get_conversation(conversation_id: ConversationAccess, app: App) -> ConversationOut:
    return render_details(conversations.get_conversation_details(app.store, conversation_id))


@router.get("")
def list_conversations(
    app: App,
    token: Token,
    status: ConversationStatus | None = None,
    queue: str | None = None,
    assignee: str | None = None,
    unassigned: bool = False,
    customer_id: str | None = None,
    channel: Channel | None = None,
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=conversations.MAX_PAGE)] = 50,
) -> ConversationPageOut:
    where = ConversationFilter(
        status=status,
        queue=queue,
        assignee=assignee,
        unassigned=unassigned,
        customer_id=CustomerId(customer_id) if customer_id else None,
        channel=channel,
    )
    page = conversations.list_conversations(
        app.store,
        access_conversation_list(app.store, token, where),
        ConversationId(cursor) if cursor else None,
        limit,
    )
    return ConversationPageOut(
        items=[render_summary(c) for c in page.items], next_cursor=page.next_cursor
    )


@router.post("/{conversation_id}/replies", status_code=201)
def post_human_reply(
    conversation_id: VisibleConversation, body: ReplyCreate, app: App, updates: Live, token: Token
) -> MessageOut:
    outcome = messages.post_human_reply(
        app.store, conversation_id, body.text, token.name, app.limits
    )
    live.announce_message(updates, outcome.conversation, outcome.message)
    return render_message(outcome.message)


@router.patch("/{conversation_id}")
def update_conversation(
    conversation_id: VisibleConversation,
    body: ConversationUpdate,
    app: App,
    updates: Live,
    token: Token,
) -> ConversationSummaryOut:
    changes = conversations.ConversationChanges(
        status=body.status,
        assignee=body.assignee or None,
        unassign="assignee" in body.model_fields_set and not body.assignee,
        priority=body.priority,
        tags=body.tags,
        queue=body.queue,
    )
    conversation = conversations.update_conversation(
        app.store, conversation_id, changes, f"token:{token.name}"
    )
    live.announce_change(updates, conversation)
    return render_summary(conversation)


@router.post("/{conversation_id}/notes", status_code=201)
def add_note(
    conversation_id: VisibleConversation, body: NoteCreate, app: App, updates: Live, token: Token
) -> NoteOut:
    conversation, note = conversations.add_internal_note(
        app.store, conversation_id, body.text, token.name
    )
    live.announce_note(updates, conversation, note)
    return render_note(note)


@router.get("/{conversation_id}/notes")
def list_notes(conversation_id: VisibleConversation, app: App) -> list[NoteOut]:
    details = conversations.get_conversation_details(app.store, conversation_id)
    return [render_note(n) for n in details.notes]
