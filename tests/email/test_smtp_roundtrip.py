"""The email channel over real SMTP on loopback: a customer writes with smtplib, the AI agent's
reply reaches the relay (a local SMTP sink) with the threading headers every client follows,
and the customer's reply to it joins the same conversation."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from mail_helpers import SUPPORT, Channel, Sink, customer_email, running_channel
from sqlalchemy import Engine

from frontline.backoffice.retail.generator import DEMO_CUSTOMERS
from frontline.bootstrap import Frontline, build
from frontline.config import Settings
from frontline.domain.conversations import Channel as ConversationChannel
from frontline.domain.conversations import ConversationStatus
from frontline.domain.emails import OutboundStatus
from frontline.domain.ids import ConversationId
from frontline.services import messages
from frontline.services.demo import reset_backoffice

MAREN = DEMO_CUSTOMERS[0]


@pytest.fixture
def ai_channel(
    email_settings: Settings, engine: Engine, sink: tuple[Sink, int]
) -> Iterator[Channel]:
    frontline = build(email_settings.model_copy(update={"agent_enabled": True}), engine)
    reset_backoffice(frontline)
    _ = frontline.agent
    yield from running_channel(frontline, sink[0])


def conversation_of(frontline: Frontline, message_id: str, timeout: float = 20.0) -> ConversationId:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with frontline.store.transaction() as tx:
            inbound = tx.emails.find_inbound(message_id)
        if inbound is not None and inbound.conversation_id and inbound.status.value == "processed":
            return inbound.conversation_id
        time.sleep(0.02)
    raise AssertionError(f"{message_id} was not processed")


def ids(value: str | None) -> list[str]:
    return [part.strip("<>") for part in (value or "").split()]


def test_that_a_customer_email_is_answered_by_the_ai_and_the_reply_threads(
    ai_channel: Channel,
) -> None:
    # given Maren, who writes to support about her floor lamp
    first = customer_email(
        f"Maren Okafor <{MAREN.email}>",
        "Return",
        f"I want to return the floor lamp, my email is {MAREN.email}\n\nThanks,\nMaren",
        "first-1@mail.customer.example",
    )

    # when she sends it over SMTP
    ai_channel.send(first)

    # then the AI's answer reaches the relay, threaded on her email
    (reply,) = ai_channel.sink.wait_for(1)
    cid = conversation_of(ai_channel.frontline, "first-1@mail.customer.example")
    assert reply["To"] == MAREN.email
    assert SUPPORT in reply["From"]
    assert ids(reply["In-Reply-To"]) == ["first-1@mail.customer.example"]
    assert ids(reply["References"]) == ["first-1@mail.customer.example"]
    assert reply["Message-ID"].endswith("@shop.example>")
    assert reply["Auto-Submitted"] == "auto-replied"
    assert reply["Thread-Index"]
    assert reply["Reply-To"].startswith("support+")
    assert reply.get_content_type() == "multipart/alternative"
    text = reply.get_body(("plain",))
    html = reply.get_body(("html",))
    assert text is not None
    assert html is not None
    assert "Visa credit card ending in 4417" in text.get_content()
    with ai_channel.frontline.store.transaction() as tx:
        conversation = tx.conversations.get(cid)
        assert conversation is not None
        customer = tx.customers.get(conversation.customer_id) if conversation.customer_id else None
    assert conversation.channel is ConversationChannel.email
    assert customer is not None
    assert customer.email == MAREN.email

    # when she answers it from another client: new Message-ID, a subject of her own
    answer = customer_email(
        MAREN.email,
        "payment",
        "to my visa card please\n\nOn Wed, Dec 2, 2026 Support wrote:\n> Which card?",
        "second-2@mail.customer.example",
        In_Reply_To=reply["Message-ID"],
    )
    ai_channel.send(answer)

    # then it joins the same conversation and the AI asks for her confirmation, threaded again
    assert conversation_of(ai_channel.frontline, "second-2@mail.customer.example") == cid
    second = ai_channel.sink.wait_for(2)[1]
    assert ids(second["In-Reply-To"]) == ["second-2@mail.customer.example"]
    assert "Floor Lamp" in second.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert second["Thread-Index"] != reply["Thread-Index"]

    # when a second customer writes with the first one's subject tag
    tag = reply["Subject"].rsplit("[#", 1)[1].rstrip("]")
    other = customer_email(
        "Piet Jansen <piet@another.example>",
        f"Re: Return [#{tag}]",
        "I have the same problem, where is my order?",
        "piet-3@another.example",
    )
    ai_channel.send(other)

    # then it starts a conversation of its own
    assert conversation_of(ai_channel.frontline, "piet-3@another.example") != cid


def test_that_a_human_reply_from_the_workspace_goes_out_by_email_without_auto_submitted(
    channel: Channel,
) -> None:
    # given a customer's email, stored and processed (the AI is off: it waits for a human)
    channel.send(
        customer_email("lena@example.net", "Invoice", "Can I get an invoice?", "lena-1@example.net")
    )
    cid = conversation_of(channel.frontline, "lena-1@example.net")

    # when a member of staff replies in the workspace
    messages.post_human_reply(
        channel.frontline.store, cid, "Here it is.", "anna", channel.frontline.limits
    )

    # then the reply goes out by email, threaded, and is not marked automatic
    (reply,) = channel.sink.wait_for(1)
    assert ids(reply["In-Reply-To"]) == ["lena-1@example.net"]
    assert reply["Auto-Submitted"] is None
    assert "Here it is." in reply.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_that_a_refused_relay_is_retried_with_backoff_until_it_accepts(channel: Channel) -> None:
    # given a relay that answers "try again later" twice
    channel.sink.refuse.extend(["451 4.3.0 busy", "451 4.3.0 still busy"])
    channel.send(customer_email("tom@example.com", "Hi", "Hello?", "tom-1@example.com"))
    cid = conversation_of(channel.frontline, "tom-1@example.com")

    # when staff reply
    messages.post_human_reply(
        channel.frontline.store, cid, "Hi Tom", "anna", channel.frontline.limits
    )

    # then the third attempt delivers it, once
    channel.sink.wait_for(1)
    deadline = time.monotonic() + 10  # the worker records the relay's 250 just after it
    while time.monotonic() < deadline:
        with channel.frontline.store.transaction() as tx:
            (email,) = tx.emails.outbound_for_conversation(cid)
        if email.status is OutboundStatus.sent:
            break
        time.sleep(0.02)
    assert email.status is OutboundStatus.sent
    assert email.attempts == 3
    time.sleep(0.5)
    assert len(channel.sink.received) == 1


def test_that_a_permanent_refusal_fails_the_email_and_tells_staff(channel: Channel) -> None:
    # given a relay that refuses the recipient for good
    channel.sink.refuse.append("550 5.1.1 no such user")
    channel.send(customer_email("gone@example.com", "Hi", "Hello?", "gone-1@example.com"))
    cid = conversation_of(channel.frontline, "gone-1@example.com")

    # when staff reply
    messages.post_human_reply(channel.frontline.store, cid, "Hi", "anna", channel.frontline.limits)

    # then the email is failed, not retried, and a note says so
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with channel.frontline.store.transaction() as tx:
            (email,) = tx.emails.outbound_for_conversation(cid) or (None,)
            notes = tx.notes.for_conversation(cid)
        if email is not None and email.status is OutboundStatus.failed:
            break
        time.sleep(0.05)
    assert email is not None
    assert email.status is OutboundStatus.failed
    assert email.attempts == 1
    assert any("could not be delivered" in n.text for n in notes)


def test_that_the_same_email_delivered_twice_is_stored_and_processed_once(channel: Channel) -> None:
    # given one email
    email = customer_email("twice@example.com", "Hi", "Once please", "twice-1@example.com")

    # when the sending server delivers it twice (it never saw our first 250)
    channel.send(email)
    channel.send(email)

    # then one conversation holds one message
    cid = conversation_of(channel.frontline, "twice-1@example.com")
    time.sleep(0.3)
    with channel.frontline.store.transaction() as tx:
        thread = tx.messages.for_conversation(cid)
    assert [m.text for m in thread] == ["Hi\n\nOnce please"]


def test_that_a_30_mb_attachment_is_accepted_and_kept_in_the_raw_email_only(
    channel: Channel,
) -> None:
    # given an email with a 30 MB attachment (made here, never committed)
    email = customer_email(
        "big@example.com", "Scan", "Scan of the receipt attached.", "big-1@example.com"
    )
    email.add_attachment(
        bytes(30 * 1024 * 1024), maintype="application", subtype="pdf", filename="scan.pdf"
    )

    # when it is sent
    channel.send(email)

    # then it is stored whole, and the attachment is recorded as over the limit
    cid = conversation_of(channel.frontline, "big-1@example.com", timeout=60)
    with channel.frontline.store.transaction() as tx:
        inbound = tx.emails.find_inbound("big-1@example.com")
        assert inbound is not None
        (attachment,) = tx.emails.attachments_of(inbound.id)
        conversation = tx.conversations.get(cid)
    assert len(inbound.raw) > 30 * 1024 * 1024
    assert attachment.filename == "scan.pdf"
    assert attachment.content is None
    assert attachment.refused is not None
    assert conversation is not None
    assert conversation.status is ConversationStatus.open


def test_that_mail_for_another_domain_is_refused_at_rcpt(channel: Channel) -> None:
    import smtplib

    with smtplib.SMTP("127.0.0.1", channel.port) as client:
        client.ehlo()
        client.mail("a@example.com")
        code, _ = client.rcpt("someone@elsewhere.example")
    assert code == 550


def test_that_a_sender_over_the_hourly_limit_is_stored_and_not_answered(
    email_settings: Settings, engine: Engine, sink: tuple[Sink, int]
) -> None:
    # given a limit of two emails an hour
    frontline = build(email_settings.model_copy(update={"email_sender_hourly_limit": 2}), engine)
    for channel in running_channel(frontline, sink[0]):
        # when one sender sends three
        for n in range(3):
            channel.send(
                customer_email("flood@example.com", "Help", f"Mail {n}", f"flood-{n}@example.com")
            )
        # then the third is stored in the conversation and marked, for staff
        cid = conversation_of(frontline, "flood-2@example.com")
        with frontline.store.transaction() as tx:
            inbound = tx.emails.find_inbound("flood-2@example.com")
            notes = tx.notes.for_conversation(cid)
        assert inbound is not None
        assert inbound.kind is not None
        assert inbound.kind.value == "rate_limited"
        assert any("hourly limit" in n.text for n in notes)
