"""The workspace: inbox queues and counts, the conversation view, take over and hand back,
replies, notes, macros, and untrusted text shown as text."""

from __future__ import annotations

from dataclasses import replace

import pytest
from console_helpers import log_in, make_staff, post_form, start_chat
from customer_helpers import customer_of
from fastapi.testclient import TestClient

from frontline.bootstrap import Frontline
from frontline.domain.actions import Action, ActionOutcome
from frontline.domain.conversations import Handoff
from frontline.domain.ids import ConversationId, new_action_id
from frontline.domain.staff import Role
from frontline.services import workspace
from frontline.services.clock import now
from frontline.services.conversations import ConversationChanges, update_conversation
from frontline.services.macros import create_macro


def event_log(frontline: Frontline, cid: str) -> list[tuple[str, dict[str, object]]]:
    with frontline.store.transaction() as tx:
        return [(e.kind.value, e.data) for e in tx.events.for_conversation(ConversationId(cid))]


def move_to_queue(frontline: Frontline, cid: str, queue: str) -> None:
    update_conversation(frontline.store, ConversationId(cid), ConversationChanges(queue=queue), "t")


def test_that_an_agent_can_see_new_conversations_waiting_unassigned_with_counts(
    client: TestClient, frontline: Frontline
) -> None:
    # given two new chats and a logged-in agent of the default queue
    first = start_chat(client, "My parcel is late")
    second = start_chat(client, "Wrong size delivered")
    make_staff(frontline, "ana")
    log_in(client, "ana")

    # when they open the inbox
    page = client.get("/console/inbox").text

    # then both wait in "unassigned", newest first, and the counts say so
    assert page.index(second) < page.index(first)
    assert 'data-count="unassigned">2<' in page
    assert 'data-count="mine">0<' in page
    assert 'data-count="all">2<' in page


def test_that_an_agent_can_search_the_inbox(client: TestClient, frontline: Frontline) -> None:
    # given two chats
    late = start_chat(client, "My parcel is late")
    size = start_chat(client, "Wrong size delivered")
    make_staff(frontline, "ana")
    log_in(client, "ana")

    # when they search for "size" (as htmx asks for the list alone)
    page = client.get("/console/inbox?view=all&q=SIZE", headers={"HX-Request": "true"}).text

    # then only the matching conversation is listed, in a fragment
    assert size in page
    assert late not in page
    assert "<html" not in page


def test_that_an_agent_cannot_see_conversations_of_queues_they_are_not_in(
    client: TestClient, frontline: Frontline
) -> None:
    # given a conversation moved to the billing queue and an agent of general only
    cid = start_chat(client, "Refund my card")
    move_to_queue(frontline, cid, "billing")
    make_staff(frontline, "ana", queues=("general",))
    log_in(client, "ana")

    # when they look for it in the inbox and open it directly
    inbox = client.get("/console/inbox?view=all").text
    view = client.get(f"/console/conversations/{cid}")

    # then it does not exist for them
    assert cid not in inbox
    assert view.status_code == 404


def test_that_a_supervisor_can_see_every_queue(client: TestClient, frontline: Frontline) -> None:
    # given a conversation in the billing queue and a supervisor of no particular queue
    cid = start_chat(client, "Refund my card")
    move_to_queue(frontline, cid, "billing")
    make_staff(frontline, "sam", role=Role.supervisor)
    log_in(client, "sam")

    # when they open the inbox and the conversation
    inbox = client.get("/console/inbox?view=all").text
    view = client.get(f"/console/conversations/{cid}")

    # then they see it
    assert cid in inbox
    assert view.status_code == 200


def test_that_an_agent_can_take_over_reply_and_hand_back_to_the_ai(
    client: TestClient, frontline: Frontline
) -> None:
    # given a waiting chat and a logged-in agent
    cid = start_chat(client)
    make_staff(frontline, "ana")
    csrf = log_in(client, "ana")

    # when they take over, reply, and hand back
    post_form(client, f"/console/conversations/{cid}/take-over", csrf)
    held = client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()
    mine = client.get("/console/inbox?view=mine").text
    post_form(client, f"/console/conversations/{cid}/reply", csrf, text="It ships today.")
    post_form(client, f"/console/conversations/{cid}/hand-back", csrf)

    # then it was theirs and escalated, the customer got the reply, and the AI has it again
    assert (held["assignee"], held["status"]) == ("ana", "escalated")
    assert cid in mine
    after = client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()
    assert (after["assignee"], after["status"]) == (None, "open")
    assert [(m["author_kind"], m["text"]) for m in after["messages"]][-1] == (
        "human",
        "It ships today.",
    )
    reasons = [d.get("reason") for k, d in event_log(frontline, cid) if k == "assigned"]
    assert reasons == ["take_over", "hand_back"]


def test_that_an_agent_cannot_hand_back_a_conversation_another_agent_holds(
    client: TestClient, frontline: Frontline
) -> None:
    # given a conversation held by bo
    cid = start_chat(client)
    make_staff(frontline, "bo")
    make_staff(frontline, "ana")
    bo = TestClient(client.app)
    post_form(bo, f"/console/conversations/{cid}/take-over", log_in(bo, "bo"))
    csrf = log_in(client, "ana")

    # when ana tries to hand it back
    response = post_form(client, f"/console/conversations/{cid}/hand-back", csrf)

    # then she is told who holds it, and bo still does
    assert response.status_code == 303
    assert "bo holds this conversation" in client.get(response.headers["location"]).text
    assert (
        client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()["assignee"]
        == "bo"
    )


def test_that_an_agent_can_write_an_internal_note_the_customer_never_sees(
    client: TestClient, frontline: Frontline
) -> None:
    # given a chat and a logged-in agent
    cid = start_chat(client)
    make_staff(frontline, "ana")
    csrf = log_in(client, "ana")

    # when they add a note
    post_form(client, f"/console/conversations/{cid}/notes", csrf, text="Customer is a VIP")

    # then the team sees it in the view, and the conversation's messages do not include it
    assert "Customer is a VIP" in client.get(f"/console/conversations/{cid}").text
    messages = client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()[
        "messages"
    ]
    assert all("VIP" not in m["text"] for m in messages)


def test_that_an_agent_can_set_status_priority_and_tags(
    client: TestClient, frontline: Frontline
) -> None:
    # given a chat and a logged-in agent
    cid = start_chat(client)
    make_staff(frontline, "ana")
    csrf = log_in(client, "ana")

    # when they set its properties
    post_form(
        client,
        f"/console/conversations/{cid}/update",
        csrf,
        status="pending",
        priority="high",
        assignee="ana",
        tags="shipping, Late ",
    )

    # then they are stored
    stored = client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()
    assert (stored["status"], stored["priority"], stored["assignee"]) == ("pending", "high", "ana")
    assert stored["tags"] == ["shipping", "late"]


def test_that_an_agent_can_pick_a_macro_filled_for_this_customer(
    client: TestClient, frontline: Frontline
) -> None:
    # given a macro with placeholders and a chat from a known customer
    create_macro(frontline.store, "Greeting", "Hi {{customer.name}}, {{agent.name}} here.")
    cid = start_chat(client, customer={"name": "Mia Lopez", "email": "mia@example.com"})
    make_staff(frontline, "ana")
    log_in(client, "ana")

    # when they open the conversation
    page = client.get(f"/console/conversations/{cid}").text

    # then the macro offers the filled-in text, and the sidebar shows the customer
    assert 'value="Hi Mia Lopez, ana here."' in page
    assert "mia@example.com" in page


def test_that_script_in_a_customer_message_is_shown_as_text_in_the_workspace(
    client: TestClient, frontline: Frontline
) -> None:
    # given a customer who writes HTML and script
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    cid = start_chat(client, payload, customer={"name": "<b>Eve</b>"})
    make_staff(frontline, "ana")
    log_in(client, "ana")

    # when an agent opens the inbox and the conversation
    inbox = client.get("/console/inbox").text
    view = client.get(f"/console/conversations/{cid}").text

    # then the markup is escaped everywhere: shown as text, never as elements
    for page in (inbox, view):
        assert "<script>alert" not in page
        assert "<img src=x" not in page
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;b&gt;Eve&lt;/b&gt;" in view


def test_that_an_agent_cannot_send_an_oversized_reply_and_is_told_why(
    client: TestClient, frontline: Frontline
) -> None:
    # given a chat and a logged-in agent
    cid = start_chat(client)
    make_staff(frontline, "ana")
    csrf = log_in(client, "ana")

    # when they send a reply longer than the limit
    too_long = "x" * (frontline.limits.max_chars + 1)
    response = post_form(client, f"/console/conversations/{cid}/reply", csrf, text=too_long)

    # then it is refused with a message, and nothing is sent
    page = client.get(response.headers["location"]).text
    assert f"text is longer than {frontline.limits.max_chars} characters" in page
    messages = client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()[
        "messages"
    ]
    assert [m["author_kind"] for m in messages] == ["customer"]


def test_that_an_agent_can_see_large_counts_shown_as_at_least_the_cap(
    client: TestClient, frontline: Frontline, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given three waiting chats and counts capped at two
    monkeypatch.setattr(workspace, "COUNT_CAP", 2)
    for n in range(3):
        start_chat(client, f"question {n}")
    make_staff(frontline, "ana")
    log_in(client, "ana")

    # when they open the inbox, and search it narrowly and broadly
    page = client.get("/console/inbox").text
    narrow = client.get("/console/inbox?q=question+1").text
    broad = client.get("/console/inbox?q=question").text

    # then big counts read "2+" and small ones are exact, and a broad search lists everything
    assert 'data-count="unassigned">2+<' in page
    assert 'data-count="mine">0<' in page
    assert 'data-count="unassigned">1<' in narrow
    assert 'data-count="unassigned">2+<' in broad
    assert all(f"question {n}" in broad for n in range(3))


def test_that_a_supervisor_can_add_a_macro_for_the_team(
    client: TestClient, frontline: Frontline
) -> None:
    # given a logged-in supervisor
    make_staff(frontline, "sam", role=Role.supervisor)
    csrf = log_in(client, "sam")

    # when they add a macro
    post_form(client, "/console/macros", csrf, name="Thanks", body="Thanks {{customer.name}}!")

    # then the team's macro list has it
    assert "Thanks {{customer.name}}!" in client.get("/console/macros").text


def test_that_an_agent_cannot_add_a_macro_for_the_team(
    client: TestClient, frontline: Frontline
) -> None:
    # given a logged-in agent
    make_staff(frontline, "ana")
    csrf = log_in(client, "ana")

    # when they try to add a macro
    response = post_form(client, "/console/macros", csrf, name="Mine", body="Hello")

    # then they are told no, and there is none
    page = client.get(response.headers["location"]).text
    assert "this needs a supervisor" in page
    assert "No macros yet." in page


def test_that_an_agent_can_see_the_ais_actions_and_hand_off_summary_as_text(
    client: TestClient, frontline: Frontline
) -> None:
    # given a conversation the AI handed off after a denied tool call (with hostile text)
    cid = start_chat(client, "cancel my order")
    with frontline.store.transaction() as tx:
        conversation = tx.conversations.get(ConversationId(cid))
        assert conversation is not None
        tx.conversations.update(
            replace(
                conversation,
                handoff=Handoff("general", "policy", "Wants <b>refund</b> over the limit"),
            )
        )
        tx.actions.add(
            Action(
                id=new_action_id(),
                conversation_id=ConversationId(cid),
                name="cancel_pending_order",
                arguments={"order_id": "#W1<script>"},
                outcome=ActionOutcome.denied,
                result=None,
                actor="ai",
                created_at=now(),
            )
        )
    make_staff(frontline, "ana")
    log_in(client, "ana")

    # when they open the conversation
    page = client.get(f"/console/conversations/{cid}").text

    # then the hand-off summary and the denied action are shown, escaped
    assert "Wants &lt;b&gt;refund&lt;/b&gt; over the limit" in page
    assert "cancel_pending_order" in page
    assert "denied" in page
    assert "#W1<script>" not in page
