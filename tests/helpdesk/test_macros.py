"""Macros with actions: edit, delete, and applying one sets status, priority, tags, queue
and assignee in one go."""

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


def test_that_applying_a_macro_sets_its_fields_and_fills_its_text(
    client: TestClient, frontline: Frontline
) -> None:
    # given a supervisor's macro that escalates billing questions to the applying agent
    lead = token_of(frontline, "lead", Role.supervisor)
    ana = token_of(frontline, "ana", Role.agent)
    created = client.post(
        "/api/v1/macros",
        json={
            "name": "Billing  escalation",
            "body": "Hi {{customer.name}}, {{agent.name}} here: I am on it.",
            "actions": {
                "status": "pending",
                "priority": "HIGH",
                "tags": ["Billing", "refund"],
                "assignee": "me",
            },
        },
        headers=lead,
    )
    assert created.status_code == 201, created.text
    macro = created.json()
    assert macro["name"] == "Billing escalation"
    assert macro["actions"]["priority"] == "high"
    cid = start_chat(client, customer={"email": "kim@example.com", "name": "Kim"})
    client.patch(f"/api/v1/conversations/{cid}", json={"tags": ["vip"]}, headers=lead)

    # when ana applies it
    applied = client.post(f"/api/v1/conversations/{cid}/macros/{macro['id']}", headers=ana)

    # then the conversation has the macro's fields, tags added, and the text is filled in
    assert applied.status_code == 200, applied.text
    body = applied.json()
    assert body["text"] == "Hi Kim, ana here: I am on it."
    summary = body["conversation"]
    assert (summary["status"], summary["priority"], summary["assignee"]) == (
        "pending",
        "high",
        "ana",
    )
    assert summary["tags"] == ["vip", "billing", "refund"]
    with frontline.store.transaction() as tx:
        reasons = {
            e.data.get("reason") for e in tx.events.for_conversation(cid) if "from" in e.data
        }  # type: ignore[arg-type]  # a str id
    assert "macro Billing escalation" in reasons


def test_that_a_macro_can_be_edited_moved_to_a_queue_and_deleted(
    client: TestClient, frontline: Frontline
) -> None:
    lead = token_of(frontline, "lead", Role.supervisor)
    ana = token_of(frontline, "ana", Role.agent)
    macro = client.post(
        "/api/v1/macros", json={"name": "Thanks", "body": "Thanks!"}, headers=lead
    ).json()

    # an agent may not edit; a supervisor adds a queue action; a bad status is refused
    refused = client.patch(f"/api/v1/macros/{macro['id']}", json={"body": "x"}, headers=ana)
    edited = client.patch(
        f"/api/v1/macros/{macro['id']}",
        json={"name": "Returns hand-over", "actions": {"queue": "Returns"}},
        headers=lead,
    )
    bad = client.patch(
        f"/api/v1/macros/{macro['id']}", json={"actions": {"status": "done"}}, headers=lead
    )
    assert refused.status_code == 403
    assert edited.json()["name"] == "Returns hand-over"
    assert edited.json()["body"] == "Thanks!"
    assert edited.json()["actions"]["queue"] == "returns"
    assert bad.status_code == 422
    assert "status must be one of" in bad.json()["error"]["message"]

    cid = start_chat(client)
    client.post(f"/api/v1/conversations/{cid}/assignment", json={"assignee": "ana"}, headers=ana)
    applied = client.post(f"/api/v1/conversations/{cid}/macros/{macro['id']}", headers=ana)
    assert applied.json()["conversation"]["queue"] == "returns"
    assert applied.json()["conversation"]["assignee"] is None

    deleted = client.delete(f"/api/v1/macros/{macro['id']}", headers=lead)
    again = client.delete(f"/api/v1/macros/{macro['id']}", headers=lead)
    assert deleted.status_code == 204
    assert again.status_code == 404
    assert client.get("/api/v1/macros", headers=ana).json() == []


def test_that_a_macro_needs_a_text_or_an_action(client: TestClient, frontline: Frontline) -> None:
    lead = token_of(frontline, "lead", Role.supervisor)
    empty = client.post("/api/v1/macros", json={"name": "Nothing"}, headers=lead)
    only_actions = client.post(
        "/api/v1/macros", json={"name": "Close", "actions": {"status": "closed"}}, headers=lead
    )
    assert empty.status_code == 422
    assert only_actions.status_code == 201


def test_that_control_characters_are_dropped_from_a_macro(
    client: TestClient, frontline: Frontline
) -> None:
    # given a supervisor
    lead = token_of(frontline, "lead", Role.supervisor)

    # when a macro's name and text carry a NUL byte (PostgreSQL refuses NUL)
    response = client.post(
        "/api/v1/macros", json={"name": "Re\x00fund", "body": "Sent\x00 today."}, headers=lead
    )

    # then it is kept without the control characters
    assert response.status_code == 201, response.text
    assert (response.json()["name"], response.json()["body"]) == ("Refund", "Sent today.")
