"""What an API token owned by a member of staff sees: that member's workspace, no more.

Ana works the billing queue. Her token lists, reads, answers, changes and annotates billing
conversations and those assigned to her; every other conversation does not exist for it (404,
exactly like an unknown id). Admins and supervisors see everything, and so do tokens owned by
nobody (integrations).
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from frontline.bootstrap import Frontline
from frontline.domain.staff import Role
from frontline.services.accounts import create_staff_user
from frontline.services.tokens import create_api_token

Headers = dict[str, str]


def _staff_token(frontline: Frontline, username: str, role: Role, *queues: str) -> Headers:
    create_staff_user(frontline.store, username, "long enough pw", role, None, queues)
    _, secret = create_api_token(
        frontline.store, f"{username}'s script", admin=False, owner=username
    )
    return {"Authorization": f"Bearer {secret}"}


def _start(client: TestClient, text: str, queue: str, admin: Headers) -> str:
    started = client.post("/api/v1/conversations", json={"channel": "chat", "text": text})
    assert started.status_code == 201, started.text
    cid: str = started.json()["id"]
    moved = client.patch(f"/api/v1/conversations/{cid}", json={"queue": queue}, headers=admin)
    assert moved.status_code == 200, moved.text
    return cid


def _listed(client: TestClient, headers: Headers, **params: Any) -> set[str]:
    response = client.get("/api/v1/conversations", params=params, headers=headers)
    assert response.status_code == 200, response.text
    return {item["id"] for item in response.json()["items"]}


@pytest.fixture
def desk(client: TestClient, frontline: Frontline, admin_headers: Headers) -> dict[str, Any]:
    """Three conversations: billing, returns, and a returns one assigned to Ana."""
    billing = _start(client, "my invoice is wrong", "billing", admin_headers)
    returns = _start(client, "how do I send this back", "returns", admin_headers)
    held = _start(client, "the parcel came open", "returns", admin_headers)
    client.patch(f"/api/v1/conversations/{held}", json={"assignee": "ana"}, headers=admin_headers)
    ana = _staff_token(frontline, "ana", Role.agent, "billing")
    return {"billing": billing, "returns": returns, "held": held, "ana": ana}


def test_that_a_staff_token_lists_only_its_owners_conversations(
    client: TestClient, desk: dict[str, Any]
) -> None:
    # when Ana's token lists conversations, also asking for another queue by name
    everything = _listed(client, desk["ana"])
    returns = _listed(client, desk["ana"], queue="returns")
    billing = _listed(client, desk["ana"], queue="billing")

    # then it sees her queue and what is assigned to her, never the rest
    assert everything == {desk["billing"], desk["held"]}
    assert returns == {desk["held"]}
    assert billing == {desk["billing"]}


def test_that_a_staff_token_pages_through_its_conversations_only(
    client: TestClient, frontline: Frontline, admin_headers: Headers, desk: dict[str, Any]
) -> None:
    # given more billing conversations, among many others
    more = {_start(client, f"invoice {i}", "billing", admin_headers) for i in range(3)}
    for i in range(4):
        _start(client, f"return {i}", "returns", admin_headers)

    # when Ana's token reads the list two at a time
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/v1/conversations", params=params, headers=desk["ana"]).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    # then every page holds her conversations and nothing else
    assert sorted(seen) == sorted({desk["billing"], desk["held"], *more})


def test_that_a_staff_token_cannot_touch_another_queues_conversation(
    client: TestClient, admin_headers: Headers, desk: dict[str, Any]
) -> None:
    # given a returns conversation Ana does not work on
    cid, ana = desk["returns"], desk["ana"]
    base = f"/api/v1/conversations/{cid}"

    # when her token reads, answers, changes and annotates it
    responses = {
        "read": client.get(base, headers=ana),
        "post as the customer": client.post(f"{base}/messages", json={"text": "x"}, headers=ana),
        "reply": client.post(f"{base}/replies", json={"text": "Sorted!"}, headers=ana),
        "update": client.patch(base, json={"status": "closed", "queue": "billing"}, headers=ana),
        "note": client.post(f"{base}/notes", json={"text": "looked"}, headers=ana),
        "notes": client.get(f"{base}/notes", headers=ana),
        "emails": client.get(f"{base}/emails", headers=ana),
        "route": client.post(f"{base}/route", json={}, headers=ana),
    }

    # then it does not exist for her, exactly like an unknown id
    unknown = client.get("/api/v1/conversations/cnv_does_not_exist", headers=ana)
    assert unknown.status_code == 404
    for what, response in responses.items():
        assert response.status_code == 404, (what, response.text)
        assert response.json()["error"]["code"] == "not_found", what
    # and nothing of it changed
    stored = client.get(base, headers=admin_headers).json()
    assert stored["status"] != "closed"
    assert [m["text"] for m in stored["messages"]] == ["how do I send this back"]
    assert client.get(f"{base}/notes", headers=admin_headers).json() == []
    listed = client.get("/api/v1/conversations", params={"queue": "returns"}, headers=admin_headers)
    assert cid in {item["id"] for item in listed.json()["items"]}


def test_that_a_staff_token_works_its_own_conversations(
    client: TestClient, admin_headers: Headers, desk: dict[str, Any]
) -> None:
    ana = desk["ana"]
    for cid in (desk["billing"], desk["held"]):  # her queue's, and the one assigned to her
        base = f"/api/v1/conversations/{cid}"

        # when her token answers, annotates and changes it
        reply = client.post(f"{base}/replies", json={"text": "On it."}, headers=ana)
        note = client.post(f"{base}/notes", json={"text": "customer called"}, headers=ana)
        update = client.patch(base, json={"priority": "high"}, headers=ana)

        # then all of it is done
        assert reply.status_code == note.status_code == 201, (reply.text, note.text)
        assert update.status_code == 200, update.text
        assert client.get(base, headers=ana).status_code == 200
        assert [n["text"] for n in client.get(f"{base}/notes", headers=ana).json()] == [
            "customer called"
        ]
        stored = client.get(base, headers=admin_headers).json()
        assert stored["messages"][-1]["text"] == "On it."


def test_that_a_conversation_moved_out_of_the_queue_leaves_the_token(
    client: TestClient, admin_headers: Headers, desk: dict[str, Any]
) -> None:
    # given Ana moves her billing conversation to returns
    cid, ana = desk["billing"], desk["ana"]
    moved = client.patch(f"/api/v1/conversations/{cid}", json={"queue": "returns"}, headers=ana)
    assert moved.status_code == 200

    # then her token no longer opens it
    assert client.get(f"/api/v1/conversations/{cid}", headers=ana).status_code == 404
    assert cid not in _listed(client, ana)


@pytest.mark.parametrize("role", [Role.admin, Role.supervisor])
def test_that_a_token_of_someone_who_sees_every_queue_sees_everything(
    client: TestClient, frontline: Frontline, desk: dict[str, Any], role: Role
) -> None:
    # given a token owned by an admin or a supervisor (not itself an admin token)
    lead = _staff_token(frontline, "lead", role)

    # then it lists and opens every conversation
    assert _listed(client, lead) == {desk["billing"], desk["returns"], desk["held"]}
    note = client.post(
        f"/api/v1/conversations/{desk['returns']}/notes", json={"text": "seen"}, headers=lead
    )
    assert note.status_code == 201


def test_that_a_token_owned_by_nobody_keeps_seeing_everything(
    client: TestClient, agent_headers: Headers, desk: dict[str, Any]
) -> None:
    # given an integration's token, made without an owner
    # then it lists, reads and annotates every conversation, as before tokens had owners
    assert _listed(client, agent_headers) == {desk["billing"], desk["returns"], desk["held"]}
    for cid in (desk["billing"], desk["returns"]):
        base = f"/api/v1/conversations/{cid}"
        assert client.get(base, headers=agent_headers).status_code == 200
        note = client.post(f"{base}/notes", json={"text": "synced"}, headers=agent_headers)
        assert note.status_code == 201


def test_that_a_staff_token_stops_working_when_its_owner_is_disabled(
    client: TestClient, frontline: Frontline, desk: dict[str, Any]
) -> None:
    # given Ana's account is disabled
    with frontline.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE staff_users SET disabled = true WHERE username = 'ana'")

    # then her token opens nothing, not even her own queue's conversations
    listed = client.get("/api/v1/conversations", headers=desk["ana"])
    read = client.get(f"/api/v1/conversations/{desk['billing']}", headers=desk["ana"])
    assert listed.status_code == read.status_code == 401
