"""The AI agent over API v1: replies in the response, actions and hand-off on the conversation.

These run on the generated demo store (the one ``make run`` loads) on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from customer_helpers import customer_of, remember
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from frontline.backoffice.retail.generator import DEMO_CUSTOMERS
from frontline.bootstrap import Frontline, build
from frontline.config import Settings
from frontline.services.demo import reset_backoffice
from frontline.web.app import create_app

MAREN = DEMO_CUSTOMERS[0]


@pytest.fixture
def agent_client(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    frontline = build(settings.model_copy(update={"agent_enabled": True}), engine)
    reset_backoffice(frontline)
    with TestClient(create_app(frontline), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def agent_frontline(agent_client: TestClient) -> Frontline:
    frontline: Frontline = agent_client.app.state.frontline  # type: ignore[attr-defined]  # set by create_app
    return frontline


def say(client: TestClient, conversation_id: str, text: str, **extra: Any) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        json={"text": text, **extra},
        headers=customer_of(conversation_id),
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def start(client: TestClient, text: str) -> dict[str, Any]:
    response = client.post("/api/v1/conversations", json={"channel": "chat", "text": text})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = remember(response.json())
    return body


def test_that_a_customer_can_return_an_item_end_to_end(
    agent_client: TestClient, admin_headers: dict[str, str]
) -> None:
    # given Maren, whose delivered order has a floor lamp
    # when she asks for a return, picks her card and confirms
    first = start(agent_client, f"I want to return the floor lamp, my email is {MAREN.email}")
    cid = first["id"]
    assert first["replies"][-1]["awaiting"] == "payment_method"
    assert "Visa credit card ending in 4417" in first["replies"][-1]["options"]
    confirm = say(agent_client, cid, "to my visa card please")
    done = say(agent_client, cid, "yes")

    # then the agent listed the action before doing it, and did exactly that
    assert confirm["status"] == "pending"
    assert confirm["replies"][-1]["awaiting"] == "confirmation"
    assert "Floor Lamp" in confirm["replies"][-1]["text"]
    assert "$78.37" in confirm["replies"][-1]["text"]
    assert "return requested" in done["replies"][0]["text"]
    conversation = agent_client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()
    writes = [a for a in conversation["actions"] if a["name"] == "return_delivered_order_items"]
    assert [(a["arguments"], a["outcome"]) for a in writes] == [
        (
            {
                "order_id": MAREN.delivered_order_id,
                "item_ids": ["1161042648"],
                "payment_method_id": "credit_card_5092847",
            },
            "ok",
        )
    ]
    order = agent_client.post(
        "/api/v1/backoffice/tools/get_order_details",
        json={"order_id": MAREN.delivered_order_id},
        headers=admin_headers,
    ).json()
    assert order["result"]["status"] == "return requested"
    assert conversation["customer"]["email"] == MAREN.email


def test_that_the_agent_does_not_write_without_an_explicit_yes(agent_client: TestClient) -> None:
    # given a cancellation waiting for confirmation
    first = start(
        agent_client,
        f"Please cancel my pending order, I ordered it by mistake. My email is {MAREN.email}",
    )
    assert first["replies"][-1]["awaiting"] == "confirmation"

    # when the customer answers with something that is not a yes
    say(agent_client, first["id"], "hmm, let me think about it")
    later = say(agent_client, first["id"], "no")

    # then nothing was cancelled
    conversation = agent_client.get(
        f"/api/v1/conversations/{first['id']}", headers=customer_of(first["id"])
    ).json()
    assert not [a for a in conversation["actions"] if a["name"] == "cancel_pending_order"]
    assert "nothing was changed" in later["replies"][0]["text"].lower()


def test_that_the_agent_stays_silent_while_a_human_holds_the_conversation(
    agent_client: TestClient, agent_headers: dict[str, str]
) -> None:
    # given a conversation a human has escalated and taken
    cid = start(agent_client, "where is my order?")["id"]
    patched = agent_client.patch(
        f"/api/v1/conversations/{cid}",
        json={"status": "escalated", "assignee": "ana.agent"},
        headers=agent_headers,
    )
    assert patched.status_code == 200, patched.text

    # when the customer writes again
    answer = say(agent_client, cid, f"my email is {MAREN.email}")

    # then the AI does not answer and nothing reaches the back office
    assert answer["replies"] == []
    assert answer["status"] == "escalated"
    conversation = agent_client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()
    assert [m["author_kind"] for m in conversation["messages"]].count("ai") == 1
    assert not [a for a in conversation["actions"] if a["name"] == "find_user_id_by_email"]


def test_that_a_repeated_delivery_returns_the_stored_replies_without_a_second_turn(
    agent_client: TestClient,
) -> None:
    # given a message the agent answered
    cid = start(agent_client, "Hi, I need help with an order")["id"]
    first = say(agent_client, cid, f"my email is {MAREN.email}", channel_message_id="m-1")

    # when the channel delivers it again
    again = say(agent_client, cid, f"my email is {MAREN.email}", channel_message_id="m-1")

    # then the same replies come back and the agent did not act twice
    assert again["replies"] == first["replies"]
    conversation = agent_client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()
    lookups = [a for a in conversation["actions"] if a["name"] == "find_user_id_by_email"]
    assert len(lookups) == 1


def test_that_a_customer_who_asks_for_a_person_is_handed_off_with_a_summary(
    agent_client: TestClient,
) -> None:
    # given a verified customer in the middle of a return
    cid = start(agent_client, f"I want to return the floor lamp, my email is {MAREN.email}")["id"]

    # when they ask for a person
    answer = say(agent_client, cid, "I'd rather talk to a real person")

    # then the conversation is escalated to the returns queue with a structured summary
    assert answer["status"] == "escalated"
    conversation = agent_client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()
    handoff = conversation["handoff"]
    assert handoff["queue"] == "returns"
    assert handoff["reason"] == "customer_request"
    assert f"Maren Okafor ({MAREN.user_id}), verified" in handoff["summary"]
    assert "Wants: return" in handoff["summary"]
    assert "Suggested next step:" in handoff["summary"]
    assert conversation["queue"] == "returns"
    transfers = [a for a in conversation["actions"] if a["name"] == "transfer_to_human_agents"]
    assert len(transfers) == 1
