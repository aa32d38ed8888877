"""The status events of the message path say what happened, with no flips within one turn."""

from __future__ import annotations

from customer_helpers import customer_of, remember
from fastapi.testclient import TestClient
from tests.api.test_agent import agent_client, agent_frontline, say, start

from frontline.bootstrap import Frontline
from frontline.domain.events import EventKind
from frontline.domain.ids import ConversationId

__all__ = ["agent_client", "agent_frontline"]


def _status_changes(frontline: Frontline, cid: str) -> list[tuple[str, str, str]]:
    with frontline.store.transaction() as tx:
        events = tx.events.for_conversation(ConversationId(cid))
    return [
        (e.actor, e.data["from"], e.data["to"])
        for e in events
        if e.kind is EventKind.status_changed
    ]


def test_that_a_customer_answer_to_a_pending_conversation_records_no_open_flip(
    agent_client: TestClient, agent_frontline: Frontline
) -> None:
    # given a conversation where the AI asked the customer who they are
    first = start(agent_client, "I want to return an item")
    cid = first["id"]
    assert first["status"] == "pending"
    before = _status_changes(agent_frontline, cid)

    # when the customer answers and the AI asks again
    answer = say(agent_client, cid, "hmm, which details do you need?")

    # then the conversation is still pending and no open-and-back-to-pending pair was recorded
    assert answer["status"] == "pending"
    assert _status_changes(agent_frontline, cid) == before


def test_that_a_customer_message_to_a_pending_conversation_reopens_it_without_the_ai(
    client: TestClient, agent_headers: dict[str, str], frontline: Frontline
) -> None:
    # given a conversation a human answered (pending), with no AI agent running
    started = client.post("/api/v1/conversations", json={"channel": "chat", "text": "Hi"})
    cid = remember(started.json())["id"]
    client.post(
        f"/api/v1/conversations/{cid}/replies", json={"text": "Hello!"}, headers=agent_headers
    )

    # when the customer writes again
    client.post(
        f"/api/v1/conversations/{cid}/messages",
        json={"text": "Where is my parcel?"},
        headers=customer_of(cid),
    )

    # then one reopen is recorded, by the message path
    assert _status_changes(frontline, cid)[-1] == ("system", "pending", "open")
