"""Live updates over WebSockets: the widget's chat, resumed without loss or duplicates, and
the workspace seeing what happens as it happens."""

from __future__ import annotations

from typing import Any

import pytest
from console_helpers import log_in, make_staff, post_form, start_chat
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from frontline.bootstrap import Frontline


def hello(ws: Any, **fields: Any) -> dict[str, Any]:
    ws.send_json({"type": "hello", **fields})
    frame: dict[str, Any] = ws.receive_json()
    assert frame["type"] == "ready"
    return frame


def until(ws: Any, kind: str) -> dict[str, Any]:
    for _ in range(10):
        frame: dict[str, Any] = ws.receive_json()
        if frame["type"] == kind:
            return frame
    raise AssertionError(f"no {kind} frame")


def test_that_a_customer_can_chat_in_the_widget_and_resume_without_duplicates(
    client: TestClient,
) -> None:
    # given a customer who sent two messages, the second one twice (a resend after a drop)
    with client.websocket_connect("/widget/ws") as ws:
        hello(ws)
        ws.send_json({"type": "message", "text": "Hi", "client_id": "c-1"})
        first = until(ws, "ack")
        ws.send_json({"type": "message", "text": "Where is it?", "client_id": "c-2"})
        until(ws, "ack")
        ws.send_json({"type": "message", "text": "Where is it?", "client_id": "c-2"})
        resent = until(ws, "ack")
    cid, token = first["conversation_id"], first["token"]

    # when they reconnect and ask for what came after their first message
    with client.websocket_connect("/widget/ws") as ws:
        ready = hello(ws, conversation_id=cid, token=token, after=first["message"]["id"])

    # then they get exactly the second message, which is stored once
    assert [m["text"] for m in ready["messages"]] == ["Where is it?"]
    assert resent["message"]["id"] == ready["messages"][0]["id"]
    # and the widget's token is the conversation's customer token on the API too
    me = {"Authorization": f"Bearer {token}"}
    stored = client.get(f"/api/v1/conversations/{cid}", headers=me).json()["messages"]
    assert [m["text"] for m in stored] == ["Hi", "Where is it?"]


def test_that_a_customer_cannot_resume_a_conversation_with_a_forged_token(
    client: TestClient,
) -> None:
    # given someone else's conversation
    cid = start_chat(client, "private")

    # when a widget claims it with a made-up token
    with client.websocket_connect("/widget/ws") as ws:
        ready = hello(ws, conversation_id=cid, token="0" * 40)

    # then it gets nothing of it
    assert ready["conversation_id"] is None
    assert "messages" not in ready


def test_that_a_customer_sees_an_agents_reply_live(
    client: TestClient, frontline: Frontline
) -> None:
    # given a customer chatting in the widget, and a logged-in agent
    make_staff(frontline, "ana")
    agent = TestClient(client.app)
    csrf = log_in(agent, "ana")
    with client.websocket_connect("/widget/ws") as ws:
        hello(ws)
        ws.send_json({"type": "message", "text": "Hello?", "client_id": "c-1"})
        cid = until(ws, "ack")["conversation_id"]
        until(ws, "message")  # the echo of their own message

        # when the agent takes over and replies
        post_form(agent, f"/console/conversations/{cid}/take-over", csrf)
        post_form(agent, f"/console/conversations/{cid}/reply", csrf, text="Hi, Ana here.")

        # then the widget receives the status change and the reply without asking
        assert until(ws, "status")["status"] == "escalated"
        reply = until(ws, "message")["message"]
    assert (reply["direction"], reply["author_kind"], reply["text"]) == (
        "outbound",
        "human",
        "Hi, Ana here.",
    )


def test_that_an_agent_sees_a_customer_message_live_in_the_workspace(
    client: TestClient, frontline: Frontline
) -> None:
    # given a logged-in agent with the workspace open
    make_staff(frontline, "ana")
    log_in(client, "ana")
    with client.websocket_connect("/console/live") as live:
        # when a customer writes
        cid = start_chat(client, "Is anyone there?")

        # then the workspace is told, with the message
        event = live.receive_json()
    assert event["type"] == "message"
    assert event["conversation_id"] == cid
    assert event["message"]["text"] == "Is anyone there?"


def test_that_an_agent_cannot_follow_another_queues_conversations_live(
    client: TestClient, frontline: Frontline
) -> None:
    # given an agent of the billing queue only, with the workspace open
    make_staff(frontline, "bill", queues=("billing",))
    log_in(client, "bill")
    with client.websocket_connect("/console/live") as live:
        # when a customer writes to the general queue, then to billing (via a supervisor)
        start_chat(client, "general question")
        billing = start_chat(client, "billing question")
        client.patch(
            f"/api/v1/conversations/{billing}",
            json={"queue": "billing"},
            headers={"Authorization": f"Bearer {_token(frontline)}"},
        )

        # then the first event they receive is the move into their queue
        event = live.receive_json()
    assert (event["type"], event["conversation_id"], event["queue"]) == (
        "conversation",
        billing,
        "billing",
    )


def test_that_a_visitor_cannot_open_the_workspaces_live_channel(client: TestClient) -> None:
    # given nobody logged in
    # when the live channel is opened
    with pytest.raises(WebSocketDisconnect) as refused, client.websocket_connect("/console/live"):
        pass

    # then it is closed at once, saying why
    assert refused.value.code == 4401


def _token(frontline: Frontline) -> str:
    from frontline.services.tokens import create_api_token

    return create_api_token(frontline.store, "sup", admin=False)[1]


def test_that_an_agent_and_a_customer_see_each_other_typing(
    client: TestClient, frontline: Frontline
) -> None:
    # given a customer chatting, and an agent with the workspace open
    make_staff(frontline, "ana")
    log_in(client, "ana")
    with client.websocket_connect("/widget/ws") as widget:
        hello(widget)
        widget.send_json({"type": "message", "text": "Hello?", "client_id": "c-1"})
        cid = until(widget, "ack")["conversation_id"]
        until(widget, "message")
        with client.websocket_connect("/console/live") as console:
            # when the customer types, and then the agent types
            widget.send_json({"type": "typing"})
            seen_by_agent = console.receive_json()
            console.send_json({"type": "typing", "conversation_id": cid})
            seen_by_customer = until(widget, "typing")

    # then each side is told
    assert (seen_by_agent["type"], seen_by_agent["who"]) == ("typing", "customer")
    assert seen_by_agent["conversation_id"] == cid
    assert seen_by_customer["who"] == "agent"


def test_that_a_page_of_another_site_cannot_open_the_workspaces_live_channel(
    client: TestClient, frontline: Frontline
) -> None:
    # given a logged-in agent whose browser visits another site
    make_staff(frontline, "ana")
    log_in(client, "ana")

    # when that site's script opens the live channel with the agent's cookie
    with (
        pytest.raises(WebSocketDisconnect) as refused,
        client.websocket_connect("/console/live", headers={"Origin": "https://evil.example"}),
    ):
        pass

    # then it is refused
    assert refused.value.code == 4403
