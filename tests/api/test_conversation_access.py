"""Who may read and write a conversation over API v1: its customer's token, or staff tokens."""

from __future__ import annotations

import random
import secrets
from typing import Any

from customer_helpers import bearer
from fastapi.testclient import TestClient

from frontline.bootstrap import Frontline
from frontline.domain.staff import Role
from frontline.services.accounts import create_staff_user
from frontline.services.tokens import create_api_token


def start(client: TestClient, text: str = "Where is my order?") -> dict[str, Any]:
    response = client.post("/api/v1/conversations", json={"channel": "chat", "text": text})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_that_a_new_conversation_hands_its_customer_a_strong_token(client: TestClient) -> None:
    # when two customers start conversations
    first, second = start(client), start(client)

    # then each gets its own token of at least 256 random bits, and ids far apart
    for started in (first, second):
        assert started["customer_token"].startswith("flc_")
        assert len(started["customer_token"]) >= 4 + 43
    assert first["customer_token"] != second["customer_token"]
    assert len(first["id"]) == 40
    shared = sum(a == b for a, b in zip(first["id"][14:], second["id"][14:], strict=True))
    assert shared < 10  # the 26 random characters are not one increment apart


def test_that_only_a_hash_of_the_customer_token_is_stored(
    client: TestClient, frontline: Frontline
) -> None:
    started = start(client)
    with frontline.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT token_hash FROM conversation_credentials").all()
    assert len(rows) == 1
    assert started["customer_token"] not in rows[0][0]
    assert len(rows[0][0]) == 64


def test_that_a_customer_can_read_and_write_with_their_token(client: TestClient) -> None:
    started = start(client)
    cid, me = started["id"], bearer(started)

    posted = client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hi"}, headers=me)
    read = client.get(f"/api/v1/conversations/{cid}", headers=me)

    assert posted.status_code == 200, posted.text
    assert [m["text"] for m in read.json()["messages"]] == ["Where is my order?", "Hi"]


def test_that_nobody_can_read_or_write_a_conversation_without_a_token(client: TestClient) -> None:
    cid = start(client)["id"]

    read = client.get(f"/api/v1/conversations/{cid}")
    posted = client.post(f"/api/v1/conversations/{cid}/messages", json={"text": "Hi"})
    forged = client.get(
        f"/api/v1/conversations/{cid}", headers={"Authorization": "Bearer flc_made-up"}
    )

    for response in (read, posted, forged):
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"


def test_that_a_customer_cannot_see_another_customers_conversation(client: TestClient) -> None:
    # given two customers
    mine, theirs = start(client), start(client, "my private order")

    # when one uses their own token on the other's conversation
    read = client.get(f"/api/v1/conversations/{theirs['id']}", headers=bearer(mine))
    posted = client.post(
        f"/api/v1/conversations/{theirs['id']}/messages",
        json={"text": "cancel everything"},
        headers=bearer(mine),
    )

    # then it does not exist for them, exactly like an unknown id, and nothing is stored
    unknown = client.get("/api/v1/conversations/cnv_nope", headers=bearer(mine))
    assert read.status_code == posted.status_code == unknown.status_code == 404
    assert read.json()["error"]["code"] == "not_found"
    stored = client.get(f"/api/v1/conversations/{theirs['id']}", headers=bearer(theirs)).json()
    assert [m["text"] for m in stored["messages"]] == ["my private order"]


def test_that_a_customer_token_opens_no_helpdesk_endpoint(client: TestClient) -> None:
    started = start(client)
    cid, me = started["id"], bearer(started)

    assert client.get("/api/v1/conversations", headers=me).status_code == 401
    assert client.get(f"/api/v1/conversations/{cid}/notes", headers=me).status_code == 401
    patched = client.patch(f"/api/v1/conversations/{cid}", json={"status": "closed"}, headers=me)
    assert patched.status_code == 401


def test_that_a_repeated_first_message_gets_a_working_token_again(client: TestClient) -> None:
    body = {"channel": "chat", "text": "Hello", "channel_message_id": "w-retry-1"}
    first = client.post("/api/v1/conversations", json=body).json()
    again = client.post("/api/v1/conversations", json=body).json()

    assert again["id"] == first["id"]
    for started in (first, again):
        read = client.get(f"/api/v1/conversations/{first['id']}", headers=bearer(started))
        assert read.status_code == 200


def test_that_an_admin_token_reads_and_writes_any_conversation(
    client: TestClient, admin_headers: dict[str, str]
) -> None:
    cid = start(client)["id"]

    posted = client.post(
        f"/api/v1/conversations/{cid}/messages", json={"text": "Hi"}, headers=admin_headers
    )
    read = client.get(f"/api/v1/conversations/{cid}", headers=admin_headers)

    assert posted.status_code == 200
    assert len(read.json()["messages"]) == 2


def test_that_a_staff_token_sees_only_its_owners_queues(
    client: TestClient, frontline: Frontline, admin_headers: dict[str, str]
) -> None:
    # given an agent of the billing queue with their own API token
    create_staff_user(frontline.store, "bill", "long enough pw", Role.agent, None, ("billing",))
    _, secret = create_api_token(frontline.store, "bill's script", admin=False, owner="bill")
    bill = {"Authorization": f"Bearer {secret}"}
    general = start(client)["id"]
    billing = start(client, "invoice question")["id"]
    client.patch(
        f"/api/v1/conversations/{billing}", json={"queue": "billing"}, headers=admin_headers
    )

    # then the token opens the billing conversation and not the general one
    assert client.get(f"/api/v1/conversations/{billing}", headers=bill).status_code == 200
    assert client.get(f"/api/v1/conversations/{general}", headers=bill).status_code == 404


def test_that_random_cross_customer_attempts_never_succeed(client: TestClient) -> None:
    # given a few customers, each with their conversation and token
    customers = [start(client, f"customer {i}") for i in range(12)]
    rng = random.Random(20261203)
    successes, attempts = [], 0

    # when thousands of calls pair a token with a conversation not its own (or forged ones)
    for _ in range(2_000):
        victim = rng.choice(customers)
        kind = rng.randrange(4)
        if kind == 0:  # another customer's real token
            other = rng.choice([c for c in customers if c is not victim])
            token = other["customer_token"]
        elif kind == 1:  # a forged token of the right shape
            token = "flc_" + secrets.token_urlsafe(32)
        elif kind == 2:  # a token of the victim's, one character changed
            real = victim["customer_token"]
            i = rng.randrange(4, len(real))
            token = real[:i] + ("A" if real[i] != "A" else "B") + real[i + 1 :]
        else:  # a staff-looking token nobody issued
            token = "fl_" + secrets.token_urlsafe(32)
        headers = {"Authorization": f"Bearer {token}"}
        cid = victim["id"]
        if rng.random() < 0.5:
            response = client.get(f"/api/v1/conversations/{cid}", headers=headers)
        else:
            response = client.post(
                f"/api/v1/conversations/{cid}/messages", json={"text": "hi"}, headers=headers
            )
        attempts += 1
        if response.status_code not in (401, 404):
            successes.append((kind, response.status_code))

    # then not one of them got through, and no message was stored
    assert attempts == 2_000
    assert successes == []
    for c in customers:
        stored = client.get(f"/api/v1/conversations/{c['id']}", headers=bearer(c)).json()
        assert len(stored["messages"]) == 1
