"""Identity assurance over API v1: who may make account changes, in each deployment mode.

``one_time_code``: naming an account's email verifies the customer for reads only; a write
waits for the 6-digit code emailed to the address on file: queued in the outbox, sent by the
worker through the real SMTP relay (here a local sink). ``signed``: the host site's HMAC
of the customer's identity, or its JWT, starts the conversation verified.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterator
from typing import Any

import jwt
import pytest
from fastapi.testclient import TestClient
from mail_helpers import Sink
from pydantic import SecretStr
from sqlalchemy import Engine, Table

from frontline.backoffice.retail.generator import DEMO_CUSTOMERS
from frontline.bootstrap import Frontline, build
from frontline.config import Settings
from frontline.domain.assurance import CODE_SLOT, Assurance, sign_identity
from frontline.domain.emails import OutboundStatus
from frontline.domain.ids import ConversationId
from frontline.services.demo import reset_backoffice
from frontline.services.tokens import create_api_token
from frontline.web.app import create_app
from frontline.worker.runner import start_worker

MAREN = DEMO_CUSTOMERS[0]
CANCEL = f"Please cancel my pending order, I ordered it by mistake. My email is {MAREN.email}"
SIGNING_SECRET = "host-site-shared-secret-for-tests"


def _client(settings: Settings, engine: Engine, **changes: Any) -> Iterator[TestClient]:
    """The API, with the worker that sends the outbox's emails (codes among them) running."""
    frontline = build(settings.model_copy(update={"agent_enabled": True, **changes}), engine)
    reset_backoffice(frontline)
    worker = start_worker(frontline)
    try:
        with TestClient(create_app(frontline), raise_server_exceptions=False) as client:
            yield client
    finally:
        worker.stop()


@pytest.fixture
def coded(email_settings: Settings, engine: Engine) -> Iterator[TestClient]:
    yield from _client(email_settings, engine, identity_assurance=Assurance.one_time_code)


@pytest.fixture
def signed(email_settings: Settings, engine: Engine) -> Iterator[TestClient]:
    yield from _client(
        email_settings,
        engine,
        identity_assurance=Assurance.signed,
        identity_signing_secret=SecretStr(SIGNING_SECRET),
    )


class Chat:
    """One customer's conversation: their token on every call."""

    def __init__(self, client: TestClient, text: str, **customer: str) -> None:
        self.client = client
        body: dict[str, Any] = {"channel": "chat", "text": text}
        if customer:
            body["customer"] = customer
        self.response = client.post("/api/v1/conversations", json=body)
        self.first: dict[str, Any] = self.response.json()
        if self.response.status_code == 201:
            self.id = self.first["id"]
            self.headers = {"Authorization": f"Bearer {self.first['customer_token']}"}

    def say(self, text: str) -> dict[str, Any]:
        response = self.client.post(
            f"/api/v1/conversations/{self.id}/messages", json={"text": text}, headers=self.headers
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def writes(self) -> list[tuple[str, str]]:
        conversation = self.client.get(f"/api/v1/conversations/{self.id}", headers=self.headers)
        return [
            (a["name"], a["outcome"])
            for a in conversation.json()["actions"]
            if a["name"] == "cancel_pending_order"
        ]


def _code(sink: Sink, count: int = 1) -> str:
    email = sink.wait_for(count)[count - 1]
    found = re.search(r"\b(\d{6})\b", str(email["Subject"]))
    assert found is not None
    return found.group(1)


def test_that_knowing_an_email_gives_no_account_write_without_the_code(
    coded: TestClient, sink: tuple[Sink, int]
) -> None:
    # given someone who knows Maren's email, but not her mailbox
    chat = Chat(coded, CANCEL)

    # then the agent verified the email and sent the code to the address on file
    assert chat.first["replies"][-1]["awaiting"] == "identity_code"
    email = sink[0].wait_for(1)[0]
    assert email["To"] == MAREN.email

    # when they push on without it
    for text in ("yes", "just cancel it, I don't have time", "000000", "yes please cancel"):
        chat.say(text)

    # then nothing was written, not even attempted past the policy
    assert ("cancel_pending_order", "ok") not in chat.writes()


def test_that_the_emailed_code_unlocks_the_write(coded: TestClient, sink: tuple[Sink, int]) -> None:
    # given the real customer, who reads the code in her mailbox
    chat = Chat(coded, CANCEL)
    code = _code(sink[0])

    # when she types it and confirms the cancellation
    accepted = chat.say(f"the code is {code}")
    assert "right code" in accepted["replies"][0]["text"]
    assert accepted["replies"][-1]["awaiting"] == "confirmation"
    done = chat.say("yes")

    # then the order is cancelled
    assert done["status"] in ("pending", "resolved", "open")
    assert chat.writes() == [("cancel_pending_order", "ok")]


def test_that_five_wrong_codes_lock_the_conversation(
    coded: TestClient, sink: tuple[Sink, int]
) -> None:
    # given someone guessing codes
    chat = Chat(coded, CANCEL)
    code = _code(sink[0])
    wrong = [f"{(int(code) + n) % 1_000_000:06d}" for n in range(1, 6)]

    # when they get it wrong five times, then type the right one
    answers = [chat.say(guess) for guess in wrong]
    after = chat.say(code)

    # then the fifth wrong code hands the conversation to a human, and no write ever runs
    assert [a["status"] for a in answers[:4]] == ["pending"] * 4
    assert "4 more tries" in answers[0]["replies"][0]["text"]
    assert answers[4]["status"] == "escalated"
    assert after["replies"] == []
    assert chat.writes() == []
    assert len(sink[0].received) == 1  # no second code was sent


def test_that_a_valid_host_signature_starts_the_conversation_verified(
    signed: TestClient,
) -> None:
    # given a host site that signs the logged-in customer's email
    signature = sign_identity(SIGNING_SECRET, MAREN.email)

    # when the widget starts a conversation with it
    chat = Chat(
        signed,
        "Please cancel my pending order, I ordered it by mistake.",
        email=MAREN.email,
        signature=signature,
    )

    # then no identity question is asked and the write goes ahead after the yes
    assert chat.response.status_code == 201
    assert all(r["awaiting"] != "identity" for r in chat.first["replies"])
    assert chat.first["replies"][-1]["awaiting"] == "confirmation"
    chat.say("yes")
    assert chat.writes() == [("cancel_pending_order", "ok")]


def test_that_a_bad_host_signature_is_refused_and_nothing_is_stored(
    signed: TestClient,
) -> None:
    # given a forged signature (another secret), and one for another customer's email
    forged = sign_identity("not-the-secret", MAREN.email)
    other = sign_identity(SIGNING_SECRET, "someone.else@example.com")

    # when they are used
    responses = [
        Chat(signed, "cancel my order", email=MAREN.email, signature=forged).response,
        Chat(signed, "cancel my order", email=MAREN.email, signature=other).response,
    ]

    # then both are refused and no conversation exists
    for response in responses:
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
    frontline: Frontline = signed.app.state.frontline  # type: ignore[attr-defined]  # set by create_app
    _, secret = create_api_token(frontline.store, "check", admin=True)
    listed = signed.get("/api/v1/conversations", headers={"Authorization": f"Bearer {secret}"})
    assert listed.json()["items"] == []


def test_that_knowledge_is_not_enough_for_a_write_in_signed_mode(signed: TestClient) -> None:
    # given a customer who only names an email in a deployment whose writes need a signature
    chat = Chat(signed, CANCEL)

    # then the agent explains it cannot change the account here, and writes nothing
    chat.say("yes")
    texts = " ".join(r["text"] for r in chat.first["replies"])
    assert "sign in on our website" in texts
    assert chat.writes() in ([], [("cancel_pending_order", "denied")])


def _whole(code: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\d){code}(?!\d)")


def _every_stored_value(engine: Engine) -> str:
    """Every value of every table of Frontline's own (not the demo back office's) as text."""
    from frontline.storage import retail_tables
    from frontline.storage.tables import metadata

    retail = {t for t in vars(retail_tables).values() if isinstance(t, Table)}
    values: list[str] = []
    with engine.connect() as connection:
        for table in (t for t in metadata.sorted_tables if t not in retail):
            for row in connection.execute(table.select()):
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        values.append(bytes(value).decode("utf-8", "replace"))
                    else:
                        values.append(str(value))
    return "\n".join(values)


def test_that_the_code_waits_in_the_outbox_until_the_worker_sends_it(
    email_settings: Settings, engine: Engine, sink: tuple[Sink, int]
) -> None:
    # given the API running with no worker yet
    settings = email_settings.model_copy(
        update={"agent_enabled": True, "identity_assurance": Assurance.one_time_code}
    )
    frontline = build(settings, engine)
    reset_backoffice(frontline)
    with TestClient(create_app(frontline), raise_server_exceptions=False) as client:
        # when a customer asks for a change
        chat = Chat(client, CANCEL)

        # then the request is answered at once, the code email is queued, and nothing is sent
        assert chat.first["replies"][-1]["awaiting"] == "identity_code"
        time.sleep(0.3)
        assert sink[0].received == []
        with frontline.store.transaction() as tx:
            queued = tx.emails.outbound_for_conversation(ConversationId(chat.id))
        assert [(e.recipient, e.status) for e in queued] == [(MAREN.email, OutboundStatus.queued)]
        assert CODE_SLOT in queued[0].raw
        assert queued[0].code_nonce is not None

        # when the worker starts
        worker = start_worker(frontline)
        try:
            code = _code(sink[0])
        finally:
            worker.stop()

        # then the email reached the mailbox over SMTP with its code, the outbox row is sent
        # and keeps no way back to the code, and the code verifies
        with frontline.store.transaction() as tx:
            (sent,) = tx.emails.outbound_for_conversation(ConversationId(chat.id))
        assert sent.status is OutboundStatus.sent
        assert sent.code_nonce is None
        assert code.encode() not in sent.raw
        body = sink[0].received[0].get_body()
        assert body is not None
        assert code in body.get_content()
        accepted = chat.say(code)
        assert "right code" in accepted["replies"][0]["text"]


def test_that_the_code_is_in_no_table_no_log_and_no_agent_state(
    coded: TestClient, engine: Engine, sink: tuple[Sink, int], caplog: pytest.LogCaptureFixture
) -> None:
    # given a customer who got a code by email, everything logged at every level
    caplog.set_level(logging.DEBUG)
    chat = Chat(coded, CANCEL)
    code = _code(sink[0])
    time.sleep(0.2)  # the worker records the email as sent

    # then, before she types it, the code is nowhere in the database
    assert not _whole(code).search(_every_stored_value(engine))

    # when she types it and the change goes ahead
    accepted = chat.say(f"my code is {code}")
    assert "right code" in accepted["replies"][0]["text"]

    # then the agent's state does not hold it, and no log line of ours ever did (the sink's
    # own SMTP server log is the customer's mailbox, not ours)
    with engine.connect() as connection:
        states = connection.exec_driver_sql("SELECT state FROM agent_states").all()
    assert states
    assert not any(_whole(code).search(str(state)) for (state,) in states)
    ours = [r.getMessage() for r in caplog.records if not r.name.startswith("mail.log")]
    assert not any(_whole(code).search(line) for line in ours)


def test_that_new_conversations_do_not_bring_new_codes_past_the_hourly_limit(
    email_settings: Settings, engine: Engine, sink: tuple[Sink, int]
) -> None:
    # given codes limited to 2 an hour for one account
    for client in _client(
        email_settings,
        engine,
        identity_assurance=Assurance.one_time_code,
        identity_codes_per_hour=2,
    ):
        # when someone who knows Maren's email opens conversation after conversation
        chats = [Chat(client, CANCEL) for _ in range(3)]

        # then two codes went out, and the third conversation goes to a human with none
        assert [c.first["replies"][-1]["awaiting"] for c in chats[:2]] == ["identity_code"] * 2
        sink[0].wait_for(2)
        third = " ".join(r["text"] for r in chats[2].first["replies"])
        assert "can't send you a verification code" in third
        assert chats[2].first["status"] == "escalated"
        time.sleep(0.5)
        assert len(sink[0].received) == 2


def test_that_a_host_jwt_unlocks_writes_in_signed_mode(signed: TestClient) -> None:
    # given a host site that hands the widget a short-lived JWT for the logged-in customer
    now = int(time.time())
    claims = {"email": MAREN.email, "iat": now, "exp": now + 600}
    token = jwt.encode(claims, SIGNING_SECRET, algorithm="HS256")

    # when the conversation starts with it
    chat = Chat(
        signed, "Please cancel my pending order, I ordered it by mistake.", identity_token=token
    )

    # then no identity question is asked and the write goes ahead after the yes
    assert chat.response.status_code == 201, chat.response.text
    assert all(r["awaiting"] != "identity" for r in chat.first["replies"])
    assert chat.first["replies"][-1]["awaiting"] == "confirmation"
    chat.say("yes")
    assert chat.writes() == [("cancel_pending_order", "ok")]
