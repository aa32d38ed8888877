"""Use cases for inbound email: store it raw first, then process it once into a conversation.

``receive_email`` commits the raw bytes before the SMTP server answers ``250``; everything
after that is ``process_inbound_email``, a job that may run again after a crash (the row's
status and lease make a second run a no-op, or finish what the first left). The email becomes a
customer message of the same message path as chat (``services.messages``), keyed by the inbound
email's id, and the AI agent answers it as it answers chat (``services.agent_turns``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from frontline.channels.email.mime import parse_email, read_envelope
from frontline.channels.email.quotes import read_forwarded, read_reply
from frontline.domain.conversations import Channel, MessageOutcome
from frontline.domain.emails import (
    EmailKind,
    InboundEmail,
    ParsedEmail,
    kind_of,
    new_inbound_email_id,
    normalise_subject,
)
from frontline.domain.errors import Conflict, InvalidInput
from frontline.domain.ids import ConversationId, MessageId
from frontline.domain.pii import mask_cards, mask_cards_in_email
from frontline.services.agent_turns import Responder, answer_customer_message
from frontline.services.clock import now
from frontline.services.customers import CustomerDetails, check_customer_details
from frontline.services.email_policy import EmailPolicy
from frontline.services.email_threads import Threading, find_email_conversation, thread_email
from frontline.services.jobs import PROCESS_INBOUND_EMAIL, SEND_OUTBOUND_EMAIL, JobQueue
from frontline.services.messages import (
    MessageLimits,
    receive_customer_message,
    start_conversation,
)
from frontline.services.outbound_emails import (
    add_email_note,
    queue_reply_emails,
    record_bounce,
)
from frontline.services.ports import DuplicateKey, Store, UnitOfWork

RATE_WINDOW = timedelta(hours=1)
RECOVERY_BATCH = 500
_ORDER_ID = re.compile(r"#?\bW\d{7}\b")


class EmailTooLarge(InvalidInput):
    code = "payload_too_large"


@dataclass(frozen=True, slots=True)
class ReceivedEmail:
    inbound_id: str
    duplicate: bool  # this Message-ID was stored before: nothing new was stored


def receive_email(store: Store, jobs: JobQueue, raw: bytes, policy: EmailPolicy) -> ReceivedEmail:
    """Store ``raw`` durably (once per Message-ID), then enqueue its processing."""
    if len(raw) > policy.max_bytes:
        raise EmailTooLarge(f"the email is larger than {policy.max_bytes} bytes")
    message_id, sender, subject = read_envelope(raw)
    inbound = InboundEmail(
        id=new_inbound_email_id(),
        message_id=message_id,
        sender=sender,
        subject=mask_cards(subject),
        raw=mask_cards_in_email(raw),  # card numbers are never stored whole
        received_at=now(),
    )
    try:
        with store.transaction() as tx:
            stored = tx.emails.find_inbound(message_id)
            if stored is not None:
                return ReceivedEmail(stored.id, duplicate=True)
            tx.emails.add_inbound(inbound)
    except DuplicateKey:  # the same email arrived on two connections at once
        with store.transaction() as tx:
            stored = tx.emails.find_inbound(message_id)
        assert stored is not None
        return ReceivedEmail(stored.id, duplicate=True)
    jobs.enqueue(PROCESS_INBOUND_EMAIL, inbound.id)
    return ReceivedEmail(inbound.id, duplicate=False)


@dataclass(frozen=True, slots=True)
class _Author:
    address: str
    name: str | None
    subject: str
    body: str  # the body the author wrote (a forward's inner email when staff forwarded it)


def _author(email: ParsedEmail, policy: EmailPolicy) -> _Author:
    """Who wrote it: staff forwarding a customer's email forward the customer's words."""
    domain = email.sender.rpartition("@")[2]
    if domain in policy.staff_domains and email.sender not in policy.own_addresses:
        forwarded = read_forwarded(email.text)
        if (
            forwarded is not None
            and forwarded.sender.rpartition("@")[2] not in policy.staff_domains
        ):
            subject = forwarded.subject or email.subject
            return _Author(forwarded.sender, forwarded.sender_name, subject, forwarded.text)
    return _Author(email.sender, email.sender_name, email.subject, email.text)


def understanding_text(
    email: ParsedEmail, author: _Author, thread_subject: str | None, max_chars: int
) -> str:
    """What the agent reads: a new subject, the new text, attachments named, order ids quoted."""
    reading = read_reply(author.body)
    parts: list[str] = []
    if author.subject and (
        thread_subject is None
        or normalise_subject(author.subject) != normalise_subject(thread_subject)
    ):
        parts.append(author.subject)
    if reading.new:
        parts.append(reading.new)
    quoted_ids = [i for i in _ORDER_ID.findall(reading.quoted) if i not in " ".join(parts)]
    if quoted_ids and thread_subject is None:
        parts.append(" ".join(dict.fromkeys(quoted_ids)))
    kept = [a.filename for a in email.attachments if a.refused is None]
    if kept:
        parts.append("(attached: " + ", ".join(kept) + ")")
    text = "\n\n".join(parts).strip() or "(an email without text)"
    return text[:max_chars]


def _customer(author: _Author) -> CustomerDetails | None:
    details = CustomerDetails(email=author.address or None, name=author.name)
    try:
        check_customer_details(details)
    except InvalidInput:
        details = CustomerDetails(name=author.name)
        try:
            check_customer_details(details)
        except InvalidInput:
            return None
    return details if details.email or details.name else None


def _store_message(
    store: Store,
    threading: Threading | None,
    author: _Author,
    text: str,
    limits: MessageLimits,
    inbound_id: str,
    ai_answers: bool,
) -> MessageOutcome:
    if threading is not None:
        try:
            return receive_customer_message(
                store,
                threading.conversation_id,
                text,
                limits,
                channel_message_id=inbound_id,
                ai_answers=ai_answers,
            )
        except Conflict:
            pass  # the conversation is closed: the email starts a new one
    return start_conversation(
        store,
        Channel.email,
        text,
        _customer(author),
        limits,
        channel_message_id=inbound_id,
        ai_answers=ai_answers,
    )


def _answer(store: Store, agent: Responder, outcome: MessageOutcome) -> MessageOutcome:
    """The agent's answer, once: a replay answers only a message that has no reply yet."""
    if outcome.duplicate:
        with store.transaction() as tx:
            if tx.messages.replies_to(outcome.message.id):
                return outcome
        outcome = replace(outcome, duplicate=False)
    return answer_customer_message(store, agent, outcome)


def process_inbound_email(
    store: Store,
    jobs: JobQueue,
    policy: EmailPolicy,
    limits: MessageLimits,
    agent: Responder | None,
    inbound_id: str,
) -> EmailKind | None:
    """Process one stored email; None when it is not ours to process (done, or claimed)."""
    at = now()
    with store.transaction() as tx:
        if not tx.emails.claim_inbound(inbound_id, at, at - policy.lease):
            return None
        inbound = tx.emails.get_inbound(inbound_id)
    assert inbound is not None  # just claimed
    email = parse_email(inbound.raw, policy.attachments)
    kind = kind_of(email, policy.own_addresses)
    author = _author(email, policy)
    with store.transaction() as tx:
        if kind is EmailKind.bounce:
            conversation_id = record_bounce(tx, email, at)
            _finish(tx, inbound.id, kind, conversation_id, None, email, at)
            return kind
        threading = find_email_conversation(tx, email, author.address, policy, at)
        if kind is not EmailKind.customer:
            if threading is not None:
                add_email_note(tx, threading.conversation_id, _unanswered(kind, email), at)
            found = threading.conversation_id if threading else None
            _finish(tx, inbound.id, kind, found, None, email, at)
            return kind
        if tx.emails.count_from_sender(author.address, at - RATE_WINDOW) > policy.hourly_limit:
            kind = EmailKind.rate_limited
        thread = tx.emails.get_thread(threading.conversation_id) if threading else None
    text = understanding_text(email, author, thread.subject if thread else None, limits.max_chars)
    ai_answers = kind is EmailKind.customer and agent is not None
    outcome = _store_message(store, threading, author, text, limits, inbound.id, ai_answers)
    conversation_id = outcome.conversation.id
    with store.transaction() as tx:
        thread_email(
            tx, conversation_id, replace(email, subject=author.subject), author.address, at
        )
        conversation = tx.conversations.get(conversation_id)
        if (
            conversation is not None
            and outcome.conversation.subject != author.subject
            and thread is None
        ):
            tx.conversations.update(replace(conversation, subject=author.subject[:300] or None))
        if kind is EmailKind.rate_limited:
            add_email_note(tx, conversation_id, _unanswered(kind, email), at)
    if kind is EmailKind.customer and agent is not None:
        outcome = _answer(store, agent, outcome)
    queue_reply_emails(store, jobs, policy)
    with store.transaction() as tx:
        if _finish(tx, inbound.id, kind, conversation_id, outcome.message.id, email, at):
            for attachment in email.attachments:
                tx.emails.add_attachment(inbound.id, attachment)
    return kind


def _unanswered(kind: EmailKind, email: ParsedEmail) -> str:
    reason = {
        EmailKind.auto_reply: "an automatic reply",
        EmailKind.bulk: "bulk or list mail",
        EmailKind.loop: "sent from our own address",
        EmailKind.rate_limited: "over the sender's hourly limit",
    }.get(kind, kind.value)
    return f"An email from {email.sender or 'an unknown sender'} was stored and not answered ({reason}): {email.subject}"


def _finish(
    tx: UnitOfWork,
    inbound_id: str,
    kind: EmailKind,
    conversation_id: ConversationId | None,
    chat_message_id: MessageId | None,
    email: ParsedEmail,
    claimed_at: datetime,
) -> bool:
    return tx.emails.finish_inbound(
        inbound_id,
        kind,
        conversation_id,
        chat_message_id,
        mask_cards(email.text),
        now(),
        claimed_at,
    )


def recover_email_work(store: Store, jobs: JobQueue, policy: EmailPolicy) -> Sequence[str]:
    """Enqueue what a crash may have left: emails stored and not processed, replies not sent.

    Run at start and periodically by the worker; every job it enqueues is idempotent.
    """
    at = now()
    with store.transaction() as tx:
        pending = tx.emails.inbound_to_process(at - policy.lease, RECOVERY_BATCH)
        unsent = tx.emails.outbound_to_send(at - policy.lease, RECOVERY_BATCH)
    for inbound_id in pending:
        jobs.enqueue(PROCESS_INBOUND_EMAIL, inbound_id)
    queue_reply_emails(store, jobs, policy)
    if policy.relay_configured:
        for outbound_id in unsent:
            jobs.enqueue(SEND_OUTBOUND_EMAIL, outbound_id)
    return pending
