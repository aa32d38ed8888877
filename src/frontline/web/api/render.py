"""Domain values to response bodies."""

from __future__ import annotations

from frontline.domain.actions import Action
from frontline.domain.conversations import Conversation, Message, MessageOutcome, Note
from frontline.domain.customers import Customer
from frontline.services.conversations import ConversationDetails
from frontline.web.api.schemas import (
    ActionOut,
    ConversationOut,
    ConversationSummaryOut,
    CustomerOut,
    HandoffOut,
    IdentityOut,
    MessageOut,
    MessageOutcomeOut,
    NoteOut,
    ReplyOut,
    ReplySourceOut,
)


def render_outcome(outcome: MessageOutcome) -> MessageOutcomeOut:
    return MessageOutcomeOut(
        id=outcome.conversation.id,
        status=outcome.conversation.status,
        message_id=outcome.message.id,
        duplicate=outcome.duplicate,
        replies=[
            ReplyOut(
                text=r.text,
                awaiting=r.awaiting,
                options=list(r.options),
                sources=[ReplySourceOut(title=s.title, url=s.url) for s in r.sources],
            )
            for r in outcome.replies
        ],
    )


def render_customer(customer: Customer) -> CustomerOut:
    return CustomerOut(
        id=customer.id,
        name=customer.name,
        email=customer.email,
        phone=customer.phone,
        identities=[IdentityOut(kind=i.kind.value, value=i.value) for i in customer.identities],
        backoffice_user_id=customer.backoffice_user_id,
        created_at=customer.created_at,
    )


def _summary_fields(c: Conversation) -> dict[str, object]:
    handoff = c.handoff
    return {
        "id": c.id,
        "status": c.status,
        "channel": c.channel,
        "customer_id": c.customer_id,
        "queue": c.queue,
        "priority": c.priority,
        "assignee": c.assignee,
        "tags": list(c.tags),
        "subject": c.subject,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
        "handoff": None
        if handoff is None
        else HandoffOut(queue=handoff.queue, summary=handoff.summary, reason=handoff.reason),
    }


def render_summary(conversation: Conversation) -> ConversationSummaryOut:
    return ConversationSummaryOut.model_validate(_summary_fields(conversation))


def render_message(m: Message) -> MessageOut:
    return MessageOut(
        id=m.id,
        direction=m.direction.value,
        author_kind=m.author_kind.value,
        author_id=m.author_id,
        text=m.text,
        created_at=m.created_at,
        channel_message_id=m.channel_message_id,
        in_reply_to=m.in_reply_to,
        awaiting=m.awaiting,
        options=list(m.options),
    )


def render_action(a: Action) -> ActionOut:
    return ActionOut(
        name=a.name,
        arguments=a.arguments,
        outcome=a.outcome.value,
        result=a.result,
        created_at=a.created_at,
    )


def render_details(details: ConversationDetails) -> ConversationOut:
    return ConversationOut.model_validate(
        {
            **_summary_fields(details.conversation),
            "customer": render_customer(details.customer) if details.customer else None,
            "messages": [render_message(m) for m in details.messages],
            "actions": [render_action(a) for a in details.actions],
        }
    )


def render_note(note: Note) -> NoteOut:
    return NoteOut(id=note.id, author_id=note.author_id, text=note.text, created_at=note.created_at)
