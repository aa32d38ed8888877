"""Per-customer limits across conversations: a new conversation is not a new allowance.

The per-conversation request limit (``FRONTLINE_RATE_LIMIT_PER_CUSTOMER``) also counts the
customer's messages over all their conversations, by the email they give and by the account
the conversation is verified as.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from customer_helpers import bearer
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from frontline.backoffice.retail.generator import DEMO_CUSTOMERS
from frontline.bootstrap import build
from frontline.config import Settings
from frontline.services.demo import reset_backoffice
from frontline.web.app import create_app

MIA = {"email": "mia@example.com", "name": "Mia"}


def _client(settings: Settings, engine: Engine, **changes: Any) -> Iterator[TestClient]:
    frontline = build(settings.model_copy(update=changes), engine)
    reset_backoffice(frontline)
    with TestClient(create_app(frontline), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def limited(settings: Settings, engine: Engine) -> Iterator[TestClient]:
    yield from _client(settings, engine, rate_limit_per_customer=4)


def _start(client: TestClient, text: str, customer: dict[str, str] | None = None) -> Any:
    body: dict[str, Any] = {"channel": "chat", "text": text}
    if customer is not None:
        body["customer"] = customer
    return client.post("/api/v1/conversations", json=body)


def _say(client: TestClient, started: dict[str, Any], text: str) -> Any:
    return client.post(
        f"/api/v1/conversations/{started['id']}/messages",
        json={"text": text},
        headers=bearer(started),
    )


def test_that_a_customer_cannot_escape_the_message_limit_with_new_conversations(
    limited: TestClient,
) -> None:
    # given a limit of 4 messages a minute, and Mia spreading hers over conversations
    first = _start(limited, "Where is my order?", MIA).json()
    assert _say(limited, first, "Any news?").status_code == 200
    second = _start(limited, "Hello again", MIA).json()
    assert _say(limited, second, "Still waiting").status_code == 200

    # when she opens a third and writes in the first again (each far under its own limit)
    third = _start(limited, "Third time", MIA)
    again = _say(limited, first, "Hello??")

    # then both are refused with when to come back, and nothing of them is stored
    for refused in (third, again):
        assert refused.status_code == 429, refused.text
        assert refused.json()["error"]["code"] == "rate_limited"
        assert "customer" in refused.json()["error"]["message"]
        assert 1 <= int(refused.headers["retry-after"]) <= 60
    stored = limited.get(f"/api/v1/conversations/{first['id']}", headers=bearer(first)).json()
    assert [m["text"] for m in stored["messages"]] == ["Where is my order?", "Any news?"]


def test_that_the_email_is_the_customer_whatever_its_case(limited: TestClient) -> None:
    # given Mia writing under her email in different spellings
    answers = [
        _start(limited, f"question {n}", {"email": email}).status_code
        for n, email in enumerate(
            [
                "mia@example.com",
                "MIA@example.com",
                " Mia@Example.com",
                "mia@EXAMPLE.COM",
                "mia@example.com",
            ]
        )
    ]

    # then they count as one customer
    assert answers == [201, 201, 201, 201, 429]


def test_that_other_customers_are_not_limited_by_one_customers_flood(
    limited: TestClient,
) -> None:
    # given Mia used up her share
    for n in range(4):
        assert _start(limited, f"question {n}", MIA).status_code == 201
    assert _start(limited, "one more", MIA).status_code == 429

    # then another customer, and one who gave no email, still get through
    assert _start(limited, "hi", {"email": "noah@example.com"}).status_code == 201
    anonymous = _start(limited, "hi").json()
    assert _say(limited, anonymous, "hello").status_code == 200


def test_that_a_verified_account_is_one_customer_across_conversations(
    settings: Settings, engine: Engine
) -> None:
    # given the agent verifies conversations that gave no email up front as Maren's account
    maren = DEMO_CUSTOMERS[0]
    for client in _client(settings, engine, agent_enabled=True, rate_limit_per_customer=3):
        chats = [
            _start(client, f"Where is my order? My email is {maren.email}").json() for _ in range(4)
        ]

        # when each of them writes once more
        answers = [_say(client, chat, "Thanks, and the other one?").status_code for chat in chats]

        # then the account's share runs out, whichever conversation it writes in
        assert answers == [200, 200, 200, 429]
