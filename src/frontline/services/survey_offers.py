"""Offering a satisfaction survey when a conversation is resolved, in its channel.

Chat shows the survey inline (the widget reads the conversation's open survey); email gets a
message with a link, added by the worker's sweep (``deliver_email_surveys``) because the link
needs the product's public address. The link opens a confirmation page and only its POST
records the vote, so mail scanners that follow links do not vote.
"""

from __future__ import annotations

import secrets

from frontline.domain.conversations import (
    AuthorKind,
    Channel,
    Conversation,
    ConversationStatus,
    Direction,
    Message,
)
from frontline.domain.events import EventKind
from frontline.domain.ids import ConversationId, new_message_id
from frontline.services.clock import now
from frontline.services.kpi_ports import Survey
from frontline.services.ports import Store, UnitOfWork

SURVEY_PATH = "/survey"
DELIVERY_BATCH = 200


def offer_survey(tx: UnitOfWork, before: Conversation, after: Conversation) -> None:
    """On each resolution, one survey; nothing for other status changes."""
    if after.status is not ConversationStatus.resolved:
        return
    if before.status is ConversationStatus.resolved:
        return
    at = now()
    survey = Survey(
        token=secrets.token_urlsafe(24),
        conversation_id=after.id,
        channel=after.channel.value,
        requested_at=at,
        delivered=after.channel is not Channel.email,
    )
    tx.surveys.add(survey)
    tx.events.append(
        EventKind.csat_requested, after.id, "system", {"channel": after.channel.value}, at
    )


def survey_link(public_url: str, token: str) -> str:
    return f"{public_url.rstrip('/')}{SURVEY_PATH}/{token}"


def deliver_email_surveys(store: Store, public_url: str) -> int:
    """Add the survey message to resolved email conversations; the email sweep sends it."""
    delivered = 0
    with store.transaction() as tx:
        for survey in tx.surveys.undelivered(Channel.email.value, DELIVERY_BATCH):
            conversation = tx.conversations.get(ConversationId(survey.conversation_id))
            if conversation is not None:
                link = survey_link(public_url, survey.token)
                message = Message(
                    id=new_message_id(),
                    conversation_id=conversation.id,
                    direction=Direction.outbound,
                    author_kind=AuthorKind.system,
                    text=f"How would you rate the help you received? Tell us here: {link}",
                    created_at=now(),
                )
                tx.messages.add(message, conversation.channel)
            tx.surveys.mark_delivered(survey.token)
            delivered += 1
    return delivered
