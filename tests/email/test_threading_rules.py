"""The pieces threading rests on, without a database: tokens, tags, subjects, Thread-Index,
the composed reply, and the settings that configure them."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest
from pydantic import ValidationError

from frontline.channels.email.compose import Draft, compose_reply, thread_index
from frontline.config import Settings
from frontline.domain.emails import (
    conversation_in_addresses,
    conversation_in_marker,
    normalise_subject,
    reply_token,
    subject_tag,
    tag_in_subject,
)
from frontline.domain.ids import ConversationId

CID = ConversationId("cnv_01m8vw3t8h2g7ddwj227s4rkvt")
SECRET = "a-secret"
AT = datetime(2026, 12, 2, 10, 12, tzinfo=UTC)


def draft(**changes: object) -> Draft:
    values: dict[str, object] = {
        "message_id": "msg_1@shop.example",
        "sender": "support@shop.example",
        "sender_name": "Support",
        "recipient": "maren@customer.example",
        "reply_to": "support+token@shop.example",
        "subject": "Re: Where is my order? [#27S4RKVT]",
        "topic": "Where is my order?",
        "text": "We are on it.\n\n" + "A very long line " * 20,
        "token": reply_token(SECRET, CID),
        "sent_at": AT,
        "conversation_key": CID,
        "conversation_started": AT - timedelta(hours=1),
        "in_reply_to": "her-2@customer.example",
        "references": tuple(f"old-{n}@customer.example" for n in range(30)),
    }
    values.update(changes)
    return Draft(**values)  # type: ignore[arg-type]


def test_that_a_reply_token_names_its_conversation_and_cannot_be_forged() -> None:
    token = reply_token(SECRET, CID)
    assert conversation_in_addresses(SECRET, (f"support+{token}@shop.example",), "support") == CID
    assert conversation_in_marker(SECRET, f"> fl-ref:{token}") == CID
    forged = token[:-1] + ("0" if token[-1] != "0" else "1")
    assert conversation_in_addresses(SECRET, (f"support+{forged}@shop.example",), "support") is None
    assert conversation_in_marker("another-secret", f"fl-ref:{token}") is None


def test_that_subjects_of_one_case_compare_equal_without_prefixes_and_tags() -> None:
    tag = subject_tag(CID)
    assert tag_in_subject(f"RE: Fwd: Where is my order? [#{tag}]") == tag
    assert normalise_subject(f"RE: AW: where is my   Order? [#{tag}]") == "where is my order?"
    assert normalise_subject("Re[2]: Sv: Return") == "return"


def test_that_our_thread_index_has_a_header_and_one_child_and_extends_the_customers() -> None:
    ours = base64.b64decode(thread_index(draft()))
    assert len(ours) == 27
    theirs = base64.b64encode(bytes(22)).decode()
    extended = base64.b64decode(thread_index(draft(thread_index=theirs)))
    assert len(extended) == 27
    assert extended[:22] == bytes(22)


def test_that_a_composed_reply_threads_and_keeps_lines_short() -> None:
    raw = compose_reply(draft())
    reply = message_from_bytes(raw, policy=policy.default)
    references = str(reply["References"]).split()
    assert references[-1] == "<her-2@customer.example>"
    assert len(references) == 20
    assert reply["In-Reply-To"] == "<her-2@customer.example>"
    assert reply["Auto-Submitted"] == "auto-replied"
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    assert compose_reply(draft(automatic=False)).count(b"Auto-Submitted") == 0


def test_that_settings_refuse_a_listen_address_without_a_port() -> None:
    with pytest.raises(ValidationError):
        Settings(smtp_listen="127.0.0.1", _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Settings(jobs_backend="redis", _env_file=None)  # type: ignore[call-arg]
