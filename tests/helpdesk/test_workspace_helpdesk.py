"""The workspace's helpdesk forms: SLA badges and the most-urgent sort, presence, and a
back-office action previewed, then confirmed, from the conversation page."""

from __future__ import annotations

import re
from datetime import timedelta

from fastapi.testclient import TestClient
from tests.api.console_helpers import csrf_of, log_in, make_staff, post_form, start_chat

from frontline.backoffice.retail.generator import DEMO_CUSTOMERS
from frontline.bootstrap import Frontline
from frontline.domain.conversations import Priority
from frontline.domain.sla import SlaMetric, SlaTarget
from frontline.domain.staff import Role
from frontline.services import sla
from frontline.services.clock import now
from frontline.services.demo import reset_backoffice


def test_that_the_inbox_shows_sla_time_left_and_sorts_the_most_urgent_first(
    client: TestClient, frontline: Frontline
) -> None:
    # given a 30-minute first reply target for urgent and 8 hours for everything else
    targets = {p: (SlaTarget(SlaMetric.first_reply, 480, business_hours=False),) for p in Priority}
    targets[Priority.urgent] = (SlaTarget(SlaMetric.first_reply, 30, business_hours=False),)
    sla.create_sla_policy(frontline.store, sla.PolicyCreate(name="chat", targets=targets))
    make_staff(frontline, "ana", Role.agent)
    calm = start_chat(client, "Question about sizes")
    urgent = start_chat(client, "My card was charged twice")
    client.patch(
        f"/api/v1/conversations/{urgent}", json={"priority": "urgent"}, headers=_admin(frontline)
    )
    sla.scan_slas(frontline.store, _NoJobs(), now() + timedelta(seconds=1))
    newest_first = start_chat(client, "No clock yet")  # created after the scan: no timer row
    log_in(client, "ana")

    # when the agent sorts the inbox by SLA
    page = client.get("/console/inbox?sort=sla").text

    # then the urgent one is first with about 30 minutes left, the calm one next, then the rest
    order = re.findall(r'data-conversation="([^"]+)"', page)
    assert order[:3] == [urgent, calm, newest_first]
    badges = re.findall(r'data-sla-seconds="(-?\d+)"', page)
    assert 1_700 < int(badges[0]) <= 1_800
    assert "30m left" in page or "29m left" in page
    assert (
        re.findall(r'data-conversation="([^"]+)"', client.get("/console/inbox").text)[0]
        == newest_first
    )


def test_that_an_agent_sets_presence_and_does_a_return_from_the_workspace(
    client: TestClient, frontline: Frontline
) -> None:
    # given a customer's conversation with a delivered order
    reset_backoffice(frontline)
    email = DEMO_CUSTOMERS[0].email
    cid = start_chat(client, "I want to return my order", customer={"email": email})
    user = frontline.backoffice.call(
        "get_user_details",
        {"user_id": frontline.backoffice.call("find_user_id_by_email", {"email": email})},
    )
    assert isinstance(user, dict)
    order = next(
        o
        for o in (
            frontline.backoffice.call("get_order_details", {"order_id": i}) for i in user["orders"]
        )
        if isinstance(o, dict) and o["status"] == "delivered"
    )
    make_staff(frontline, "ana", Role.agent)
    csrf = log_in(client, "ana")

    # when she goes online
    post_form(client, "/console/presence", csrf, presence="online")
    assert 'data-presence="online"' in client.get("/console/inbox").text

    # and previews a return of one item from the conversation page
    page = client.get(f"/console/conversations/{cid}").text
    assert order["order_id"] in page
    item = order["items"][0]
    preview = post_form(
        client,
        f"/console/conversations/{cid}/actions/preview",
        csrf_of(page),
        name="return_delivered_order_items",
        arg_order_id=order["order_id"],
        arg_item_ids=item["item_id"],
        arg_payment_method_id=order["payment_history"][0]["payment_method_id"],
        arg_new_item_ids="",
        arg_reason="",
    )

    # then the preview says what will change, and nothing has changed yet
    assert preview.status_code == 200, preview.text
    assert "What will change" in preview.text
    assert f"return {item['name']}" in preview.text
    still = frontline.backoffice.call("get_order_details", {"order_id": order["order_id"]})
    assert isinstance(still, dict)
    assert still["status"] == "delivered"

    # when she confirms, the return is made and logged on the conversation with her as actor
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', preview.text))
    import html

    confirm = post_form(
        client,
        f"/console/conversations/{cid}/actions/confirm",
        fields["csrf_token"],
        name=fields["name"],
        arguments=html.unescape(fields["arguments"]),
        key=fields["key"],
    )
    assert confirm.status_code == 303
    after = frontline.backoffice.call("get_order_details", {"order_id": order["order_id"]})
    assert isinstance(after, dict)
    assert after["status"] == "return requested"
    page = client.get(f"/console/conversations/{cid}").text
    assert 'data-actor="human:ana"' in page
    assert "return_delivered_order_items: ok" in page


class _NoJobs:
    def enqueue(self, job: str, argument: str) -> None:
        raise AssertionError("no escalation was configured")


def _admin(frontline: Frontline) -> dict[str, str]:
    from frontline.services.tokens import create_api_token

    _, secret = create_api_token(frontline.store, "root", admin=True)
    return {"Authorization": f"Bearer {secret}"}


def test_that_a_supervisor_edits_a_macro_in_the_workspace_and_an_agent_applies_it(
    client: TestClient, frontline: Frontline
) -> None:
    # given a plain macro, a supervisor and an agent
    from frontline.services.macros import create_macro

    macro = create_macro(frontline.store, "Escalate", "On it.")
    make_staff(frontline, "lead", Role.supervisor)
    make_staff(frontline, "ana", Role.agent)
    cid = start_chat(client, "Refund please")

    # when the supervisor gives it actions from the macros page
    csrf = log_in(client, "lead")
    post_form(
        client,
        f"/console/macros/{macro.id}/edit",
        csrf,
        name="Escalate",
        body="On it.",
        priority="high",
        tags="refund",
        status="",
        queue="",
        assignee="me",
    )
    assert "sets priority high tags +refund assignee me" in " ".join(
        client.get("/console/macros").text.split()
    )

    # and the agent applies it on a conversation
    client.cookies.clear()
    csrf = log_in(client, "ana")
    page = client.get(f"/console/conversations/{cid}").text
    applied = post_form(
        client, f"/console/conversations/{cid}/macros", csrf_of(page), macro_id=macro.id
    )

    # then the conversation is hers, high priority, tagged
    assert applied.status_code == 303
    with frontline.store.transaction() as tx:
        found = tx.conversations.get(cid)  # type: ignore[arg-type]  # a str id
    assert found is not None
    assert (found.assignee, found.priority.value, found.tags) == ("ana", "high", ("refund",))

    # and the supervisor deletes it
    client.cookies.clear()
    csrf = log_in(client, "lead")
    post_form(client, f"/console/macros/{macro.id}/delete", csrf)
    assert "No macros yet." in client.get("/console/macros").text
