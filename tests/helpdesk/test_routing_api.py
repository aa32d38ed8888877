"""Queues, presence and assignment through the HTTP API with staff tokens."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.api.console_helpers import make_staff, start_chat

from frontline.bootstrap import Frontline
from frontline.domain.staff import Role
from frontline.services.tokens import create_api_token


def token_of(frontline: Frontline, username: str, role: Role) -> dict[str, str]:
    make_staff(frontline, username, role)
    _, secret = create_api_token(frontline.store, username, admin=False, owner=username)
    return {"Authorization": f"Bearer {secret}"}


def test_that_a_supervisor_sets_up_a_queue_and_work_reaches_an_online_member(
    client: TestClient, frontline: Frontline
) -> None:
    # given a supervisor and an agent with staff tokens
    lead = token_of(frontline, "lead", Role.supervisor)
    ana = token_of(frontline, "ana", Role.agent)

    # when the supervisor creates a queue, adds ana, and ana goes online
    created = client.post("/api/v1/queues", json={"name": "Billing"}, headers=lead)
    member = client.post("/api/v1/queues/billing/members", json={"username": "ana"}, headers=lead)
    refused = client.post("/api/v1/queues", json={"name": "x"}, headers=ana)
    seat = client.put("/api/v1/staff/ana/seat", json={"capacity": 1}, headers=lead)
    online = client.put("/api/v1/staff/me/presence", json={"presence": "online"}, headers=ana)

    # then the queue lists her and she is online with room for one
    assert created.status_code == 201
    assert created.json()["strategy"] == "least_loaded"
    assert member.json()["members"] == ["ana"]
    assert refused.status_code == 403
    assert seat.json()["capacity"] == 1
    assert online.json()["presence"] == "online"

    # when two conversations are moved into the queue
    first, second = start_chat(client), start_chat(client)
    moved = [
        client.post(f"/api/v1/conversations/{cid}/queue", json={"queue": "billing"}, headers=lead)
        for cid in (first, second)
    ]

    # then ana takes the first; the second waits until a supervisor assigns it by hand
    assert [m.json()["assignee"] for m in moved] == ["ana", None]
    assert client.get("/api/v1/queues", headers=ana).json()[0]["waiting"] == 1
    by_hand = client.post(
        f"/api/v1/conversations/{second}/assignment", json={"assignee": "ana"}, headers=lead
    )
    assert by_hand.status_code == 200
    assert by_hand.json()["assignee"] == "ana"
    assert by_hand.json()["status"] == "escalated"
    assert client.get("/api/v1/queues", headers=ana).json()[0]["waiting"] == 0


def test_that_an_agent_cannot_assign_to_someone_else(
    client: TestClient, frontline: Frontline
) -> None:
    token_of(frontline, "bo", Role.agent)
    ana = token_of(frontline, "ana", Role.agent)
    make_staff(frontline, "cy", Role.supervisor)
    cid = start_chat(client)

    other = client.post(
        f"/api/v1/conversations/{cid}/assignment", json={"assignee": "bo"}, headers=ana
    )
    unknown = client.post(
        f"/api/v1/conversations/{cid}/assignment", json={"assignee": "nobody"}, headers=ana
    )
    mine = client.post(
        f"/api/v1/conversations/{cid}/assignment", json={"assignee": "ana"}, headers=ana
    )
    bad_presence = client.put("/api/v1/staff/me/presence", json={"presence": "busy"}, headers=ana)

    assert other.status_code == 403
    assert unknown.status_code == 404
    assert mine.json()["assignee"] == "ana"
    assert bad_presence.status_code == 422


def test_that_an_assignee_with_a_nul_byte_is_nobody(
    client: TestClient, frontline: Frontline
) -> None:
    # given a supervisor and a conversation
    lead = token_of(frontline, "lead", Role.supervisor)
    cid = start_chat(client)

    # when it is assigned to a name holding a NUL byte (PostgreSQL refuses NUL)
    response = client.post(
        f"/api/v1/conversations/{cid}/assignment", json={"assignee": "lead\x00"}, headers=lead
    )

    # then nobody has that name, on every database
    assert response.status_code == 404, response.text
