"""The conversation endpoints of API v1, as a customer channel and a helpdesk use them."""

from __future__ import annotations

from typing import Any

from customer_helpers import bearer
from fastapi.testclient import TestClient

from frontline.bootstrap import Frontline
from frontline.domain.events import EventKind
from frontline.domain.ids import ConversationId


def start(client: TestClient, text: str = "Where is my order?", **extra: Any) -> dict[str, Any]:
    response = client.post("/api/v1/conversations", json={"channel": "chat", "text": text, **extra})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def event_kinds(frontline: Frontline, conversation_id: str) -> list[str]:
    with frontline.store.transaction() as tx:
        return [e.kind.value for e in tx.events.for_conversation(ConversationId(conversation_id))]


def test_that_customer_can_start_a_conversation_that_waits_unassigned(client: TestClient) -> None:
    # given a customer who writes in with their email
    customer = {"email": "Mia.Lopez@Example.com", "name": "Mia Lopez"}

    # when they start a conversation
    started = start(client, "Hi, where is my order #W1234567?", customer=customer)

    # then it is open with no AI reply, and reads back with the message and the customer
    assert started["status"] == "open"
    assert started["replies"] == []
    conversation = client.get(
        f"/api/v1/conversations/{started['id']}", headers=bearer(started)
    ).json()
    assert conversation["assignee"] is None
    assert conversation["channel"] == "chat"
    assert conversation["customer"]["email"] == "mia.lopez@example.com"
    assert [m["text"] for m in conversation["messages"]] == ["Hi, where is my order #W1234567?"]
    assert conversation["messages"][0]["author_kind"] == "customer"
    assert conversation["actions"] == []
    assert conversation["handoff"] is None


def test_that_customer_can_write_again_and_a_resolved_conversation_reopens(
    client: TestClient, agent_headers: dict[str, str], frontline: Frontline
) -> None:
    # given a resolved conversation
    started = start(client)
    cid, me = started["id"], bearer(started)
    client.patch(f"/api/v1/conversations/{cid}", json={"status": "resolved"}, headers=agent_headers)

    # when the customer writes again
    response = client.post(
        f"/api/v1/conversations/{cid}/messages", json={"text": "Still nothing."}, headers=me
    )

    # then the message is stored and the conversation is open again
    assert response.status_code == 200
    assert response.json()["status"] == "open"
    messages = client.get(f"/api/v1/conversations/{cid}", headers=me).json()["messages"]
    assert [m["text"] for m in messages] == ["Where is my order?", "Still nothing."]
    assert event_kinds(frontline, cid).count("status_changed") == 2


def test_that_a_repeated_channel_message_id_returns_the_stored_result(client: TestClient) -> None:
    # given a message delivered once with the channel's id
    started = start(client)
    cid, me = started["id"], bearer(started)
    first = client.post(
        f"/api/v1/conversations/{cid}/messages",
        json={"text": "Hello?", "channel_message_id": "m-1"},
        headers=me,
    ).json()

    # when the channel delivers it again
    again = client.post(
        f"/api/v1/conversations/{cid}/messages",
        json={"text": "Hello?", "channel_message_id": "m-1"},
        headers=me,
    )

    # then the stored result comes back and nothing is stored twice
    assert again.status_code == 200
    assert again.json()["message_id"] == first["message_id"]
    assert again.json()["duplicate"] is True
    texts = [
        m["text"] for m in client.get(f"/api/v1/conversations/{cid}", headers=me).json()["messages"]
    ]
    assert texts == ["Where is my order?", "Hello?"]


def test_that_a_repeated_first_message_does_not_open_a_second_conversation(
    client: TestClient,
) -> None:
    # given a conversation started with a channel message id
    first = start(client, channel_message_id="chat-abc")

    # when the same first message arrives again
    again = client.post(
        "/api/v1/conversations",
        json={"channel": "chat", "text": "Where is my order?", "channel_message_id": "chat-abc"},
    )

    # then it is the same conversation
    assert again.status_code == 200
    assert again.json()["id"] == first["id"]


def test_that_customer_cannot_write_to_a_closed_conversation(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    # given a closed conversation
    started = start(client)
    cid, me = started["id"], bearer(started)
    client.patch(f"/api/v1/conversations/{cid}", json={"status": "closed"}, headers=agent_headers)

    # when the customer writes to it
    response = client.post(
        f"/api/v1/conversations/{cid}/messages", json={"text": "Hi again"}, headers=me
    )

    # then it is refused with a conflict, and nothing is stored
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "conflict"
    assert len(client.get(f"/api/v1/conversations/{cid}", headers=me).json()["messages"]) == 1


def test_that_agent_can_reply_and_the_conversation_then_waits_on_the_customer(
    client: TestClient, agent_headers: dict[str, str], frontline: Frontline
) -> None:
    # given an open conversation
    started = start(client)
    cid, me = started["id"], bearer(started)

    # when an agent replies
    response = client.post(
        f"/api/v1/conversations/{cid}/replies",
        json={"text": "It ships tomorrow."},
        headers=agent_headers,
    )

    # then the reply is stored as the agent's and the conversation is pending
    assert response.status_code == 201
    conversation = client.get(f"/api/v1/conversations/{cid}", headers=me).json()
    assert conversation["status"] == "pending"
    assert conversation["messages"][-1]["author_kind"] == "human"
    assert conversation["messages"][-1]["author_id"] == "ana.agent"
    assert EventKind.reply_sent.value in event_kinds(frontline, cid)


def test_that_agent_can_change_status_assignee_priority_tags_and_queue(
    client: TestClient, agent_headers: dict[str, str], frontline: Frontline
) -> None:
    # given an open conversation
    cid = start(client)["id"]

    # when an agent updates it
    response = client.patch(
        f"/api/v1/conversations/{cid}",
        json={
            "status": "escalated",
            "assignee": "ana.agent",
            "priority": "high",
            "tags": ["Refund", " refund ", "VIP"],
            "queue": "Billing",
        },
        headers=agent_headers,
    )

    # then every field changed once, with one event each
    body = response.json()
    assert response.status_code == 200
    assert (body["status"], body["assignee"], body["priority"]) == (
        "escalated",
        "ana.agent",
        "high",
    )
    assert body["tags"] == ["refund", "vip"]
    assert body["queue"] == "billing"
    kinds = event_kinds(frontline, cid)
    for kind in ("status_changed", "assigned", "priority_changed", "tags_changed", "queue_changed"):
        assert kinds.count(kind) == 1

    # and an empty assignee unassigns
    cleared = client.patch(
        f"/api/v1/conversations/{cid}", json={"assignee": ""}, headers=agent_headers
    )
    assert cleared.json()["assignee"] is None


def test_that_internal_notes_are_kept_from_the_customer(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    # given a conversation with an internal note
    started = start(client)
    cid, me = started["id"], bearer(started)
    created = client.post(
        f"/api/v1/conversations/{cid}/notes",
        json={"text": "Customer is a reseller, check limits."},
        headers=agent_headers,
    )
    assert created.status_code == 201

    # when the customer-facing view and the notes are read
    public = client.get(f"/api/v1/conversations/{cid}", headers=me).text
    notes = client.get(f"/api/v1/conversations/{cid}/notes", headers=agent_headers).json()

    # then only the team sees the note
    assert "reseller" not in public
    assert [n["text"] for n in notes] == ["Customer is a reseller, check limits."]
    assert client.get(f"/api/v1/conversations/{cid}/notes").status_code == 401


def test_that_agent_can_list_conversations_by_filter_page_by_page(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    # given five conversations, two of them escalated
    ids = [start(client, f"question {n}")["id"] for n in range(5)]
    for cid in ids[:2]:
        client.patch(
            f"/api/v1/conversations/{cid}", json={"status": "escalated"}, headers=agent_headers
        )

    # when the agent pages through all of them two at a time
    seen: list[str] = []
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        page = client.get("/api/v1/conversations", params=params, headers=agent_headers).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break

    # then every conversation is seen once, newest first, and filters narrow the list
    assert seen == list(reversed(ids))
    escalated = client.get(
        "/api/v1/conversations", params={"status": "escalated"}, headers=agent_headers
    ).json()
    assert sorted(c["id"] for c in escalated["items"]) == sorted(ids[:2])
    unassigned = client.get(
        "/api/v1/conversations", params={"unassigned": True}, headers=agent_headers
    ).json()
    assert len(unassigned["items"]) == 5


def test_that_nobody_can_list_conversations_without_a_valid_token(client: TestClient) -> None:
    # when the helpdesk list is asked for without a token, or with a made-up one
    anonymous = client.get("/api/v1/conversations")
    forged = client.get("/api/v1/conversations", headers={"Authorization": "Bearer fl_nope"})

    # then both are refused
    assert anonymous.status_code == 401
    assert forged.status_code == 401
    assert forged.json()["error"]["code"] == "unauthorized"


def test_that_the_openapi_document_lists_the_v1_endpoints(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/conversations" in paths
    assert "/api/v1/conversations/{conversation_id}/messages" in paths
    assert "/api/v1/backoffice/tools/{name}" in paths


def test_that_control_characters_are_dropped_from_notes_and_tags(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    # given a conversation, and a note and a tag with a NUL byte (PostgreSQL refuses NUL)
    cid = start(client)["id"]

    # when the agent adds them
    note = client.post(
        f"/api/v1/conversations/{cid}/notes", json={"text": "call\x00 back"}, headers=agent_headers
    )
    tagged = client.patch(
        f"/api/v1/conversations/{cid}", json={"tags": ["ret\x00urns"]}, headers=agent_headers
    )

    # then both are kept without the control character
    assert note.status_code == 201, note.text
    assert note.json()["text"] == "call back"
    assert tagged.status_code == 200, tagged.text
    assert tagged.json()["tags"] == ["returns"]


def test_that_an_id_or_name_with_a_nul_byte_names_nothing(
    client: TestClient, agent_headers: dict[str, str]
) -> None:
    # given a conversation
    cid = start(client)["id"]

    # when an assignee and a queue carry a NUL byte, which no stored name holds
    assignee = client.patch(
        f"/api/v1/conversations/{cid}", json={"assignee": "ana\x00"}, headers=agent_headers
    )
    queue = client.patch(
        f"/api/v1/conversations/{cid}", json={"queue": "billing\x00"}, headers=agent_headers
    )

    # then they are refused like any name that does not fit, and nothing changed
    assert assignee.status_code == 422, assignee.text
    assert queue.status_code == 422, queue.text
    conversation = client.get(f"/api/v1/conversations/{cid}", headers=agent_headers).json()
    assert (conversation["assignee"], conversation["queue"]) == (None, "general")
