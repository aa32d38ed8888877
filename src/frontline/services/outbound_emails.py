"""Use cases for our emails: compose the replies of email conversations, send them through the
relay with retries, and record bounces on their conversations.

Any outbound message of an email conversation, the AI's or a human's from the workspace, gets
exactly one outbound email (unique per message). It is composed once, when queued, so every
attempt sends the same bytes with the same Message-ID.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Protocol

from frontline.channels.email.compose import Draft, compose_reply
from frontline.channels.email.relay import RelayUnavailable
from frontline.domain.conversations import AuthorKind, Message, Note
from frontline.domain.emails import (
    OutboundEmail,
    OutboundStatus,
    ParsedEmail,
    bare_subject,
    new_outbound_email_id,
    reply_token,
)
from frontline.domain.events import EventKind
from frontline.domain.ids import ConversationId, new_note_id
from frontline.services.clock import now
from frontline.services.email_policy import EmailPolicy
from frontline.services.jobs import SEND_OUTBOUND_EMAIL, JobQueue
from frontline.services.ports import DuplicateKey, Store, UnitOfWork

EMAIL_ACTOR = "email"
REPLY_WINDOW = timedelta(days=7)  # replies older than this are not emailed by the sweep
QUEUE_BATCH = 200


class MailRelay(Protocol):
    def send(self, sender: str, recipients: list[str], raw: bytes) -> None:
        """Hand ``raw`` to the relay; raises ``RelayRefused`` or ``RelayUnavailable``."""


def add_email_note(
    tx: UnitOfWork, conversation_id: ConversationId, text: str, at: datetime
) -> None:
    """A note for staff about the conversation's email (a bounce, an automatic reply)."""
    note = Note(new_note_id(), conversation_id, EMAIL_ACTOR, text, at)
    tx.notes.add(note)
    tx.events.append(EventKind.note_added, conversation_id, EMAIL_ACTOR, {"note_id": note.id}, at)


def _draft(
    tx: UnitOfWork, message: Message, text: str, policy: EmailPolicy
) -> OutboundEmail | None:
    thread = tx.emails.get_thread(message.conversation_id)
    if thread is None:  # an email conversation opened some other way has nobody to write to
        return None
    token = reply_token(policy.secret, message.conversation_id)
    message_id = f"{message.id}@{policy.domain}"
    subject = f"Re: {bare_subject(thread.subject) or 'your message'} [#{thread.tag}]"
    conversation = tx.conversations.get(message.conversation_id)
    started = conversation.created_at if conversation else thread.created_at
    raw = compose_reply(
        Draft(
            message_id=message_id,
            sender=policy.support_address,
            sender_name=policy.support_name,
            recipient=thread.customer_address,
            reply_to=policy.reply_address(token),
            subject=subject,
            topic=bare_subject(thread.subject),
            text=text,
            token=token,
            sent_at=message.created_at,
            conversation_key=message.conversation_id,
            conversation_started=started,
            in_reply_to=thread.last_message_id,
            references=thread.references,
            thread_index=thread.thread_index,
            automatic=message.author_kind is AuthorKind.ai,
        )
    )
    return OutboundEmail(
        id=new_outbound_email_id(),
        conversation_id=message.conversation_id,
        chat_message_id=message.id,
        message_id=message_id,
        recipient=thread.customer_address,
        raw=raw,
        created_at=now(),
    )


def _as_text(message: Message) -> str:
    """A reply as email text: its quick-reply options become a list to answer from."""
    if not message.options:
        return message.text
    return message.text + "\n" + "\n".join(f"- {option}" for option in message.options)


def _one_email_each(replies: Sequence[Message]) -> list[list[Message]]:
    """The replies of one AI turn (they answer the same message) go out as one email."""
    groups: dict[tuple[str, str], list[Message]] = {}
    for message in replies:
        key = (message.conversation_id, message.in_reply_to or message.id)
        groups.setdefault(key, []).append(message)
    return list(groups.values())


def queue_reply_emails(store: Store, jobs: JobQueue, policy: EmailPolicy) -> Sequence[str]:
    """Compose an email for every reply of an email conversation that has none; enqueue sends."""
    queued: list[str] = []
    with store.transaction() as tx:
        replies = tx.emails.replies_without_email(now() - REPLY_WINDOW, QUEUE_BATCH)
        for group in _one_email_each(replies):
            text = "\n\n".join(_as_text(message) for message in group)
            email = _draft(tx, group[0], text, policy)
            if email is None:
                continue
            try:
                tx.emails.add_outbound(email, [message.id for message in group])
            except DuplicateKey:  # queued concurrently by another process
                continue
            tx.emails.remember_message_id(email.message_id, email.conversation_id)
            queued.append(email.id)
    if policy.relay_configured:
        for outbound_id in queued:
            jobs.enqueue(SEND_OUTBOUND_EMAIL, outbound_id)
    return queued


def send_outbound_email(
    store: Store, relay: MailRelay, policy: EmailPolicy, outbound_id: str
) -> OutboundStatus | None:
    """Send one queued email; None when it is not ours to send (sent, or claimed elsewhere).

    A temporary relay error puts it back in the queue and propagates (the job retries with
    backoff) until the attempts run out; any other relay error fails it for good.
    """
    at = now()
    with store.transaction() as tx:
        if not tx.emails.claim_outbound(outbound_id, at, at - policy.lease):
            return None
        email = tx.emails.get_outbound(outbound_id)
    assert email is not None  # just claimed
    try:
        relay.send(policy.support_address, [email.recipient], email.as_sent(policy.secret))
    except RelayUnavailable as exc:
        final = email.attempts >= policy.send_attempts
        with store.transaction() as tx:
            status = OutboundStatus.failed if final else OutboundStatus.queued
            tx.emails.set_outbound_status(outbound_id, status, str(exc)[:2000], now())
            if final:
                add_email_note(tx, email.conversation_id, _failed(email, exc), now())
        if final:
            return OutboundStatus.failed
        raise
    except Exception as exc:  # a permanent refusal: sending again would not help
        with store.transaction() as tx:
            tx.emails.set_outbound_status(outbound_id, OutboundStatus.failed, str(exc), now())
            add_email_note(tx, email.conversation_id, _failed(email, exc), now())
        return OutboundStatus.failed
    with store.transaction() as tx:
        tx.emails.set_outbound_status(outbound_id, OutboundStatus.sent, None, now())
    return OutboundStatus.sent


def _failed(email: OutboundEmail, error: Exception) -> str:
    return f"The email to {email.recipient} could not be delivered: {str(error)[:500]}"


def record_bounce(tx: UnitOfWork, email: ParsedEmail, at: datetime) -> ConversationId | None:
    """Mark the email a bounce is about as bounced and tell staff on its conversation."""
    for message_id in (*email.reported_ids, *email.in_reply_to, *email.references):
        outbound = tx.emails.find_outbound(message_id)
        if outbound is None:
            continue
        tx.emails.set_outbound_status(outbound.id, OutboundStatus.bounced, email.subject, at)
        summary = " ".join(email.text.split())[:300]
        add_email_note(
            tx,
            outbound.conversation_id,
            f"The email to {outbound.recipient} bounced: {email.subject}. {summary}",
            at,
        )
        return outbound.conversation_id
    return None
