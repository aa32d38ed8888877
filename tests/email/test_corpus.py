"""A corpus of hard emails in real MIME (tests/email/corpus), each with its expected outcome
(corpus/expected.yaml): what kind of email it is, which conversation it joins, who the
customer is, what the AI agent reads of it, which attachments are kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from frontline.bootstrap import Frontline
from frontline.domain.conversations import ConversationStatus
from frontline.domain.emails import OutboundStatus, reply_token
from frontline.domain.ids import ConversationId
from frontline.services import conversations, messages
from frontline.services.inbound_emails import process_inbound_email, receive_email
from frontline.services.jobs import DiscardingJobQueue
from frontline.services.outbound_emails import queue_reply_emails

CORPUS = Path(__file__).parent / "corpus"
EXPECTED: dict[str, dict[str, Any]] = yaml.safe_load((CORPUS / "expected.yaml").read_text())
JOBS = DiscardingJobQueue()


def deliver(frontline: Frontline, raw: bytes) -> tuple[str, bool]:
    """Store the email as the SMTP server does, then run its processing job."""
    received = receive_email(frontline.store, JOBS, raw, frontline.email)
    if not received.duplicate:
        process_inbound_email(
            frontline.store, JOBS, frontline.email, frontline.limits, None, received.inbound_id
        )
    return received.inbound_id, received.duplicate


def base_conversation(frontline: Frontline, close: bool) -> dict[str, str]:
    """The base conversation, answered by a human by email; the placeholders of a reply to it."""
    inbound_id, _ = deliver(frontline, (CORPUS / "00_base.eml").read_bytes())
    with frontline.store.transaction() as tx:
        inbound = tx.emails.get_inbound(inbound_id)
    assert inbound is not None
    assert inbound.conversation_id is not None
    cid = inbound.conversation_id
    messages.post_human_reply(
        frontline.store,
        cid,
        "We are looking into it. Which order is it about?",
        "anna",
        frontline.limits,
    )
    queue_reply_emails(frontline.store, JOBS, frontline.email)
    with frontline.store.transaction() as tx:
        (ours,) = tx.emails.outbound_for_conversation(cid)
        thread = tx.emails.get_thread(cid)
    assert thread is not None
    if close:
        conversations.change_status(frontline.store, cid, ConversationStatus.closed, "anna")
    return {
        "cid": cid,
        "ours": ours.message_id,
        "token": reply_token(frontline.email.secret, cid),
        "tag": thread.tag,
    }


def render(name: str, values: dict[str, str]) -> bytes:
    raw = (CORPUS / name).read_bytes()
    for key, value in values.items():
        raw = raw.replace(("{{" + key + "}}").encode(), value.encode())
    assert b"{{" not in raw, f"{name} needs the base conversation (setup: base)"
    return raw


def test_that_the_corpus_holds_at_least_thirty_hard_emails() -> None:
    assert len(EXPECTED) >= 30
    assert all((CORPUS / name).exists() for name in EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_that_each_corpus_email_has_its_expected_outcome(
    email_frontline: Frontline, name: str
) -> None:
    # given what the case needs first
    case = EXPECTED[name]
    frontline = email_frontline
    values = (
        base_conversation(frontline, case.get("close_base", False)) if case.get("setup") else {}
    )
    if "duplicate_of" in case:
        first_id, _ = deliver(frontline, (CORPUS / case["duplicate_of"]).read_bytes())

    # when the email arrives
    inbound_id, duplicate = deliver(frontline, render(name, values))

    # then it has the expected outcome
    if "duplicate_of" in case:
        assert duplicate
        assert inbound_id == first_id
        return
    with frontline.store.transaction() as tx:
        inbound = tx.emails.get_inbound(inbound_id)
        assert inbound is not None
        stored = tx.emails.attachments_of(inbound_id)
        conversation = (
            tx.conversations.get(inbound.conversation_id) if inbound.conversation_id else None
        )
        customer = (
            tx.customers.get(conversation.customer_id)
            if conversation and conversation.customer_id
            else None
        )
        thread_messages = (
            tx.messages.for_conversation(inbound.conversation_id) if inbound.conversation_id else []
        )
        notes = tx.notes.for_conversation(ConversationId(values["cid"])) if values else []
        ours = tx.emails.find_outbound(values["ours"]) if values else None
    assert inbound.status.value == "processed"
    assert inbound.kind is not None
    assert inbound.kind.value == case["kind"]
    expected = case["conversation"]
    if expected == "none":
        assert inbound.conversation_id is None
    elif expected == "note":
        assert inbound.conversation_id == values["cid"]
        assert inbound.chat_message_id is None
        assert any(n.author_id == "email" for n in notes)
    elif expected == "base":
        assert inbound.conversation_id == values["cid"]
    else:
        assert inbound.conversation_id is not None
        assert inbound.conversation_id != values.get("cid")
    if "customer" in case:
        assert (customer.email if customer else None) == case["customer"]
    text = next((m.text for m in thread_messages if m.id == inbound.chat_message_id), "")
    if expected in ("new", "base"):
        assert text, "the email became no message"
    for wanted in case.get("text_has", []):
        assert wanted in text, f"{wanted!r} not in {text!r}"
    for unwanted in case.get("text_lacks", []):
        assert unwanted not in text, f"{unwanted!r} in {text!r}"
    kept = {a.filename: ("refused" if a.refused else "stored") for a in stored}
    assert kept == case.get("attachments", {})
    if case.get("bounced"):
        assert ours is not None
        assert ours.status is OutboundStatus.bounced
    assert inbound.text is not None  # the whole original text is kept for the workspace
