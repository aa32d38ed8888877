"""Staff act on the back office from the API: preview, confirm, policy denials, overrides."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.api.console_helpers import make_staff

from frontline.backoffice.retail.generator import DEMO_CUSTOMERS
from frontline.bootstrap import Frontline
from frontline.config import Settings
from frontline.domain.staff import Role
from frontline.services.demo import reset_backoffice
from frontline.services.tokens import create_api_token


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # a refund limit every demo return exceeds, so an agent meets the supervisor rule
    return settings.model_copy(update={"staff_refund_limit": 1.0})


def staff_headers(frontline: Frontline, username: str, role: Role) -> dict[str, str]:
    make_staff(frontline, username, role, queues=("general",))
    _, secret = create_api_token(frontline.store, username, admin=False, owner=username)
    return {"Authorization": f"Bearer {secret}"}


def customer_conversation(client: TestClient, frontline: Frontline) -> tuple[str, dict[str, Any]]:
    reset_backoffice(frontline)
    email = DEMO_CUSTOMERS[0].email
    user_id = frontline.backoffice.call("find_user_id_by_email", {"email": email})
    user = frontline.backoffice.call("get_user_details", {"user_id": user_id})
    assert isinstance(user, dict)
    response = client.post(
        "/api/v1/conversations",
        json={
            "channel": "chat",
            "text": "I want to return something",
            "customer": {"email": email},
        },
    )
    assert response.status_code == 201, response.text
    return response.json()["id"], user


def order_with_status(frontline: Frontline, user: dict[str, Any], status: str) -> dict[str, Any]:
    for order_id in user["orders"]:
        order = frontline.backoffice.call("get_order_details", {"order_id": order_id})
        assert isinstance(order, dict)
        if order["status"] == status:
            return order
    pytest.fail(f"the demo customer has no {status} order")


def return_arguments(order: dict[str, Any]) -> dict[str, Any]:
    return {
        "order_id": order["order_id"],
        "item_ids": [order["items"][0]["item_id"]],
        "payment_method_id": order["payment_history"][0]["payment_method_id"],
    }


def act(
    client: TestClient,
    cid: str,
    headers: dict[str, str],
    name: str,
    args: dict[str, Any],
    **more: Any,
) -> Any:
    return client.post(
        f"/api/v1/conversations/{cid}/actions",
        json={"name": name, "arguments": args, **more},
        headers=headers,
    )


def test_that_a_supervisor_can_override_a_denial_with_a_recorded_reason(
    client: TestClient, frontline: Frontline
) -> None:
    # given a customer's conversation, an agent and a supervisor
    cid, user = customer_conversation(client, frontline)
    agent = staff_headers(frontline, "ana", Role.agent)
    supervisor = staff_headers(frontline, "sam", Role.supervisor)
    order = order_with_status(frontline, user, "delivered")
    args = return_arguments(order)

    # when the agent previews a return above the refund limit
    preview = act(client, cid, agent, "return_delivered_order_items", args)

    # then the preview names the rule, and the agent's confirmation is logged as denied
    assert preview.status_code == 200, preview.text
    body = preview.json()["preview"]
    assert body["denial"]["rule"] == "refund_limit"
    assert body["overridable"] is True
    key = body["preview_key"]
    denied = act(
        client, cid, agent, "return_delivered_order_items", args, confirm=True, preview_key=key
    )
    assert denied.status_code == 201
    assert denied.json()["outcome"] == "denied"
    refused = act(
        client,
        cid,
        agent,
        "return_delivered_order_items",
        args,
        confirm=True,
        preview_key=key,
        override_reason="customer is upset",
    )
    assert refused.status_code == 403
    still = frontline.backoffice.call("get_order_details", {"order_id": order["order_id"]})
    assert isinstance(still, dict)
    assert still["status"] == "delivered"

    # when the supervisor confirms it with a reason
    done = act(
        client,
        cid,
        supervisor,
        "return_delivered_order_items",
        args,
        confirm=True,
        preview_key=key,
        override_reason="  long-standing customer,  goodwill ",
    )

    # then the return is made, logged with the supervisor as actor, and the override recorded
    assert done.status_code == 201, done.text
    assert done.json()["outcome"] == "ok"
    after = frontline.backoffice.call("get_order_details", {"order_id": order["order_id"]})
    assert isinstance(after, dict)
    assert after["status"] == "return requested"
    with frontline.store.transaction() as tx:
        actions = tx.actions.for_conversation(cid)  # type: ignore[arg-type]  # a str id
        events = tx.events.for_conversation(cid)  # type: ignore[arg-type]
    assert [(a.actor, a.outcome.value) for a in actions] == [
        ("human:ana", "denied"),
        ("human:sam", "ok"),
    ]
    overrides = [e for e in events if e.kind.value == "policy_override"]
    assert len(overrides) == 1
    assert overrides[0].actor == "human:sam"
    assert overrides[0].data["reason"] == "long-standing customer, goodwill"
    assert overrides[0].data["rule"] == "refund_limit"
    with frontline.store.transaction() as tx:
        audited = [(e.actor, e.action) for e in tx.audit.entries(0, 1000)]
    assert ("staff:sam", "policy.override") in audited
    assert ("staff:sam", "backoffice.return_delivered_order_items") in audited


def test_that_an_agent_sees_what_will_change_and_a_policy_denial(
    client: TestClient, frontline: Frontline
) -> None:
    # given a customer with a pending order
    cid, user = customer_conversation(client, frontline)
    agent = staff_headers(frontline, "ana", Role.agent)
    order = order_with_status(frontline, user, "pending")

    # when the agent previews a cancellation with a reason the policy allows, and one it refuses
    allowed = act(
        client,
        cid,
        agent,
        "cancel_pending_order",
        {"order_id": order["order_id"], "reason": "ordered by mistake"},
    )
    refused = act(
        client,
        cid,
        agent,
        "cancel_pending_order",
        {"order_id": order["order_id"], "reason": "found it cheaper"},
    )

    # then the first lists the change (here it is above the limit), the second names the rule
    assert allowed.status_code == 200
    assert refused.json()["preview"]["denial"]["rule"] == "reason"
    assert refused.json()["preview"]["overridable"] is True
    modify = act(
        client,
        cid,
        agent,
        "modify_pending_order_address",
        {
            "order_id": order["order_id"],
            "address1": "1 New Street",
            "address2": "",
            "city": "Austin",
            "state": "TX",
            "country": "USA",
            "zip": "78701",
        },
    )
    preview = modify.json()["preview"]
    assert preview["denial"] is None
    assert preview["changes"]
    assert "1 New Street" in preview["changes"][0]


def test_that_nobody_can_override_an_order_of_another_customer(
    client: TestClient, frontline: Frontline
) -> None:
    # given a conversation of one customer and an order of another
    cid, user = customer_conversation(client, frontline)
    supervisor = staff_headers(frontline, "sam", Role.supervisor)
    other_id = frontline.backoffice.call(
        "find_user_id_by_email", {"email": DEMO_CUSTOMERS[1].email}
    )
    other = frontline.backoffice.call("get_user_details", {"user_id": other_id})
    assert isinstance(other, dict)
    assert other["user_id"] != user["user_id"]
    args = return_arguments(order_with_status(frontline, other, "delivered"))
    preview = act(client, cid, supervisor, "return_delivered_order_items", args).json()["preview"]

    # when the supervisor tries to override
    response = act(
        client,
        cid,
        supervisor,
        "return_delivered_order_items",
        args,
        confirm=True,
        preview_key=preview["preview_key"],
        override_reason="trust me",
    )

    # then the rule stands
    assert preview["denial"]["rule"] == "not_found"
    assert response.status_code == 403


def test_that_a_confirmation_must_match_its_preview(
    client: TestClient, frontline: Frontline
) -> None:
    # given a preview of one order's look-up
    cid, user = customer_conversation(client, frontline)
    agent = staff_headers(frontline, "ana", Role.agent)
    first, second = user["orders"][:2]
    key = act(client, cid, agent, "get_order_details", {"order_id": first}).json()["preview"][
        "preview_key"
    ]

    # when the confirmation names another order, then it is refused; the right one runs
    wrong = act(
        client, cid, agent, "get_order_details", {"order_id": second}, confirm=True, preview_key=key
    )
    right = act(
        client, cid, agent, "get_order_details", {"order_id": first}, confirm=True, preview_key=key
    )
    assert wrong.status_code == 409
    assert right.status_code == 201
    assert right.json()["result"]["order_id"] == first


def test_that_bad_actions_get_clear_errors(client: TestClient, frontline: Frontline) -> None:
    cid, _ = customer_conversation(client, frontline)
    agent = staff_headers(frontline, "ana", Role.agent)
    _, plain = create_api_token(frontline.store, "ci-bot", admin=True)

    unknown = act(client, cid, agent, "drop_database", {})
    missing = act(client, cid, agent, "cancel_pending_order", {"order_id": "#W1"})
    not_staff = act(
        client, cid, {"Authorization": f"Bearer {plain}"}, "get_order_details", {"order_id": "#W1"}
    )

    assert unknown.status_code == 422
    assert "not a staff action" in unknown.json()["error"]["message"]
    assert missing.status_code == 422
    assert "reason" in missing.json()["error"]["message"]
    assert not_staff.status_code == 403
