"""Personal data over the API: export and erasure of a customer, card numbers, redacted copies."""

from __future__ import annotations

from typing import Any

import orjson
from customer_helpers import bearer
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from frontline.bootstrap import Frontline
from frontline.services.audit import audit_entries

EMAIL = "anna.kowalski@example.com"
NAME = "Anna Kowalski"
PHONE = "+44 7700 900123"
STREET = "12 Baker Street"
CARD_DIGITS = "4111111111111111"


def _customer_with_history(client: TestClient, admin: dict[str, str]) -> tuple[str, str]:
    """A customer who wrote twice, got a human reply and a note, and had it resolved."""
    started = client.post(
        "/api/v1/conversations",
        json={
            "channel": "chat",
            "text": f"Hi, I'm {NAME}. Please send order #W1234567 to {STREET}, London NW1 6XE",
            "customer": {"email": EMAIL, "name": NAME},
        },
    )
    assert started.status_code == 201, started.text
    cid = started.json()["id"]
    client.post(
        f"/api/v1/conversations/{cid}/messages",
        json={"text": f"My number is {PHONE}"},
        headers=admin,
    )
    client.post(
        f"/api/v1/conversations/{cid}/replies",
        json={"text": f"Thanks {NAME}, changed to {STREET}."},
        headers=admin,
    )
    client.post(
        f"/api/v1/conversations/{cid}/notes",
        json={"text": f"{NAME} called from {PHONE}"},
        headers=admin,
    )
    client.patch(f"/api/v1/conversations/{cid}", json={"status": "resolved"}, headers=admin)
    customer_id = client.get(f"/api/v1/conversations/{cid}", headers=admin).json()["customer"]["id"]
    return cid, customer_id


def _kpis(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    response = client.get("/api/v1/reports/kpis?group_by=channel", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    body["total"].pop("backlog_age_seconds_mean", None)  # moves with the clock
    for group in body["groups"]:
        group.pop("backlog_age_seconds_mean", None)
    return body


def test_that_an_admin_can_export_then_erase_a_customer_and_kpis_keep_their_counts(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    # given a customer with a resolved conversation, where they asked the knowledge base
    cid, customer_id = _customer_with_history(client, admin_headers)
    kpis_before = _kpis(client, admin_headers)
    frontline: Frontline = client.app.state.frontline  # type: ignore[attr-defined]  # the test client's app
    with frontline.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO kb_events (kind, text, conversation_id, created_at)"
                " VALUES ('unanswered', :t, :c, CURRENT_TIMESTAMP)"
            ),
            {"t": f"can {NAME} return a gift?", "c": cid},
        )

    # when an admin exports their data
    export = client.get(f"/api/v1/customers/{customer_id}/export", headers=admin_headers)

    # then it holds their profile, identities, messages and notes
    assert export.status_code == 200, export.text
    record = export.json()
    assert record["customer"]["name"] == NAME
    assert {"kind": "email", "value": EMAIL} in record["identities"]
    [conversation] = record["conversations"]
    assert conversation["id"] == cid
    texts = [m["text"] for m in conversation["messages"]]
    assert any(PHONE in t for t in texts)
    assert [m["redacted_text"] for m in conversation["messages"]][1] == "My number is [phone]"
    assert NAME in conversation["notes"][0]["text"]
    assert NAME in conversation["knowledge_events"][0]["text"]
    assert conversation["events"]

    # when they are erased
    erased = client.post(f"/api/v1/customers/{customer_id}/erase", headers=admin_headers)

    # then a new export shows none of their personal data, and the KPIs count the same
    assert erased.status_code == 200, erased.text
    assert erased.json()["changed"]["messages"] == 3
    after = client.get(f"/api/v1/customers/{customer_id}/export", headers=admin_headers).json()
    dumped = orjson.dumps(after).decode()
    for personal in (EMAIL, NAME, "Anna", "Kowalski", PHONE, STREET, "NW1 6XE"):
        assert personal not in dumped
    assert after["erased_at"] is not None
    assert len(after["conversations"][0]["messages"]) == 3  # tombstones, for the KPIs
    assert _kpis(client, admin_headers) == kpis_before
    assert (
        client.get(f"/api/v1/conversations/{cid}", headers=admin_headers).json()["status"]
        == "resolved"
    )

    # and both steps are in the audit log, by the admin token
    actions = [(e.action, e.target) for e in audit_entries(frontline.store, None, 50)]
    assert ("customer.erase", f"customer:{customer_id}") in actions
    assert ("customer.export", f"customer:{customer_id}") in actions


def test_that_an_agent_token_cannot_export_or_erase_a_customer(
    client: TestClient, admin_headers: dict[str, str], agent_headers: dict[str, str]
) -> None:
    # given a customer
    _, customer_id = _customer_with_history(client, admin_headers)

    # when a non-admin token asks, then it is refused and nothing is erased
    assert (
        client.get(f"/api/v1/customers/{customer_id}/export", headers=agent_headers).status_code
        == 403
    )
    assert (
        client.post(f"/api/v1/customers/{customer_id}/erase", headers=agent_headers).status_code
        == 403
    )
    assert (
        client.post("/api/v1/customers/cus_missing/erase", headers=admin_headers).status_code == 404
    )
    export = client.get(f"/api/v1/customers/{customer_id}/export", headers=admin_headers).json()
    assert export["customer"]["name"] == NAME


def _all_text(engine: Engine) -> str:
    """Every text column of every table where a message's words can end up."""
    queries = (
        "SELECT text FROM messages",
        "SELECT text FROM message_redactions",
        "SELECT text FROM notes",
        "SELECT coalesce(subject, '') FROM conversations",
        "SELECT data FROM events",
        "SELECT state FROM agent_states",
        "SELECT subject || coalesce(text, '') FROM inbound_emails",
    )
    with engine.connect() as connection:
        return "\n".join(str(v) for q in queries for (v,) in connection.execute(text(q)))


def test_that_a_card_number_is_never_stored_whole(
    client: TestClient, admin_headers: dict[str, str], frontline: Frontline
) -> None:
    # given a customer who writes their card number, spaced and plain
    started = client.post(
        "/api/v1/conversations",
        json={"channel": "chat", "text": "pay with 4111 1111 1111 1111 please"},
    )
    cid = started.json()["id"]
    client.post(
        f"/api/v1/conversations/{cid}/messages",
        json={"text": f"or {CARD_DIGITS}"},
        headers=admin_headers,
    )
    client.post(
        f"/api/v1/conversations/{cid}/notes",
        json={"text": "customer read out 4111-1111-1111-1111"},
        headers=admin_headers,
    )

    # then no table holds the number, and the conversation shows its last four digits
    stored = _all_text(frontline.engine)
    assert CARD_DIGITS not in stored.replace(" ", "").replace("-", "")
    messages = client.get(f"/api/v1/conversations/{cid}", headers=admin_headers).json()["messages"]
    assert messages[0]["text"] == "pay with [card ****1111] please"


def test_that_every_stored_message_has_a_redacted_copy(
    client: TestClient, frontline: Frontline
) -> None:
    # when a customer writes personal data
    client.post(
        "/api/v1/conversations",
        json={
            "channel": "chat",
            "text": f"email {EMAIL}, phone {PHONE}, IBAN DE89 3704 0044 0532 0130 00",
        },
    )

    # then its redacted copy holds the kinds only
    with frontline.engine.connect() as connection:
        copies = [r[0] for r in connection.execute(text("SELECT text FROM message_redactions"))]
    assert copies == ["email [email], phone [phone], IBAN [iban]"]


def test_that_roles_without_raw_access_see_the_redacted_text_in_the_workspace(
    frontline: Frontline, engine: Engine
) -> None:
    # given a workspace where only admins and supervisors see raw text
    from console_helpers import log_in, make_staff, start_chat

    from frontline.bootstrap import build
    from frontline.domain.staff import Role
    from frontline.web.app import create_app

    configured = build(
        frontline.settings.model_copy(update={"raw_text_roles": [Role.admin, Role.supervisor]}),
        engine,
    )
    make_staff(configured, "ana", Role.agent, queues=("general",))
    make_staff(configured, "sue", Role.supervisor)
    with TestClient(create_app(configured)) as client:
        cid = start_chat(client, f"I'm {NAME}, reach me at {EMAIL}")

        # when an agent opens the conversation, then personal data shows as its kind
        log_in(client, "ana")
        page = client.get(f"/console/conversations/{cid}").text
        transcript = client.get(f"/console/conversations/{cid}/transcript").text
        inbox = client.get("/console/inbox").text
        for html in (page, transcript, inbox):
            assert EMAIL not in html
            assert "Kowalski" not in html
        assert "I&#39;m [name], reach me at [email]" in transcript

        # and the live workspace channel gives the agent the redacted text too
        with client.websocket_connect("/console/live") as live:
            start_chat(client, f"again: {EMAIL}")
            event = live.receive_json()
        assert event["message"]["text"] == "again: [email]"

    with TestClient(create_app(configured)) as client:
        # and a supervisor sees the raw text
        log_in(client, "sue")
        assert EMAIL in client.get(f"/console/conversations/{cid}/transcript").text


def test_that_the_redacted_copy_knows_the_customers_name_on_file(
    client: TestClient, frontline: Frontline
) -> None:
    # given a customer known by name
    started = client.post(
        "/api/v1/conversations",
        json={"channel": "chat", "text": "hello", "customer": {"email": EMAIL, "name": NAME}},
    ).json()

    # when they sign a later message with their name in lower case
    sent = client.post(
        f"/api/v1/conversations/{started['id']}/messages",
        json={"text": "thanks, anna kowalski"},
        headers=bearer(started),
    )
    assert sent.status_code == 200, sent.text

    # then the copy has it redacted
    with frontline.engine.connect() as connection:
        copies = [r[0] for r in connection.execute(text("SELECT text FROM message_redactions"))]
    assert "thanks, [name]" in copies
