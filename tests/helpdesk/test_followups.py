"""Follow-ups on real storage: snooze and wake, auto-resolve with a notice, reopen on a
customer reply, merge and link."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.api.console_helpers import make_staff

from frontline.bootstrap import Frontline
from frontline.domain.conversations import Channel, ConversationStatus
from frontline.domain.errors import Conflict, InvalidInput, NotFound
from frontline.domain.ids import ConversationId
from frontline.domain.staff import Role
from frontline.services import followups
from frontline.services.clock import now
from frontline.services.conversations import ConversationChanges, update_conversation
from frontline.services.customers import CustomerDetails
from frontline.services.messages import (
    post_human_reply,
    receive_customer_message,
    start_conversation,
)


def chat(
    frontline: Frontline, text: str = "Where is my parcel?", email: str | None = None
) -> ConversationId:
    customer = CustomerDetails(email=email) if email else None
    outcome = start_conversation(frontline.store, Channel.chat, text, customer, frontline.limits)
    return outcome.conversation.id


def status_of(frontline: Frontline, cid: ConversationId) -> ConversationStatus:
    with frontline.store.transaction() as tx:
        found = tx.conversations.get(cid)
    assert found is not None
    return found.status


def kinds(frontline: Frontline, cid: ConversationId) -> list[str]:
    with frontline.store.transaction() as tx:
        return [e.kind.value for e in tx.events.for_conversation(cid)]


def test_that_a_snoozed_conversation_wakes_when_its_time_comes(frontline: Frontline) -> None:
    # given an agent who snoozes a conversation for two hours
    ana = make_staff(frontline, "ana", Role.agent)
    cid = chat(frontline)
    followups.snooze_conversation(frontline.store, ana, cid, now() + timedelta(hours=2))
    assert status_of(frontline, cid) is ConversationStatus.pending

    # when the sweep runs an hour later, and three hours later
    early = followups.wake_snoozed(frontline.store, now() + timedelta(hours=1))
    late = followups.wake_snoozed(frontline.store, now() + timedelta(hours=3))
    again = followups.wake_snoozed(frontline.store, now() + timedelta(hours=4))

    # then it wakes once, open again, and the events say so
    assert (early, late, again) == (0, 1, 0)
    assert status_of(frontline, cid) is ConversationStatus.open
    events = kinds(frontline, cid)
    assert events.count("snoozed") == 1
    assert events.count("woken") == 1


def test_that_a_customer_reply_wakes_a_snooze_and_a_bad_time_is_refused(
    frontline: Frontline,
) -> None:
    ana = make_staff(frontline, "ana", Role.agent)
    cid = chat(frontline)
    with pytest.raises(InvalidInput):
        followups.snooze_conversation(frontline.store, ana, cid, now() - timedelta(minutes=1))
    followups.snooze_conversation(frontline.store, ana, cid, now() + timedelta(days=2))

    receive_customer_message(frontline.store, cid, "any news?", frontline.limits)

    assert status_of(frontline, cid) is ConversationStatus.open
    assert followups.wake_snoozed(frontline.store, now() + timedelta(days=3)) == 0
    with frontline.store.transaction() as tx:
        woken = [e.data for e in tx.events.for_conversation(cid) if e.kind.value == "woken"]
    assert woken == [{"by": "customer"}]


def test_that_a_silent_pending_conversation_is_resolved_with_a_notice(
    frontline: Frontline,
) -> None:
    # given a conversation waiting on the customer since a human replied
    cid = chat(frontline)
    post_human_reply(frontline.store, cid, "Could you send a photo?", "ana", frontline.limits)
    assert status_of(frontline, cid) is ConversationStatus.pending
    notice = frontline.settings.pending_resolve_notice

    # when the sweep runs after six days, and after eight
    too_soon = followups.resolve_stale_pending(
        frontline.store, 7, notice, now() + timedelta(days=6)
    )
    done = followups.resolve_stale_pending(frontline.store, 7, notice, now() + timedelta(days=8))

    # then it is resolved once, and the customer got the notice
    assert (too_soon, done) == (0, 1)
    assert status_of(frontline, cid) is ConversationStatus.resolved
    with frontline.store.transaction() as tx:
        last = tx.messages.for_conversation(cid)[-1]
    assert (last.text, last.author_kind.value, last.direction.value) == (
        notice,
        "system",
        "outbound",
    )
    assert "auto_resolved" in kinds(frontline, cid)

    # when the customer writes again, it reopens with a reopen event
    receive_customer_message(frontline.store, cid, "here is the photo", frontline.limits)
    assert status_of(frontline, cid) is ConversationStatus.open
    with frontline.store.transaction() as tx:
        reopened = [e.data for e in tx.events.for_conversation(cid) if e.kind.value == "reopened"]
    assert reopened == [{"from": "resolved"}]


def test_that_merging_moves_the_messages_and_closes_the_other_with_a_pointer(
    frontline: Frontline,
) -> None:
    # given two conversations of one customer about one case
    ana = make_staff(frontline, "ana", Role.agent)
    first = chat(frontline, "My blender arrived broken", "kim@example.com")
    second = chat(frontline, "Also the lid is missing", "kim@example.com")
    other = chat(frontline, "Unrelated", "lee@example.com")

    # when the agent merges the second into the first
    kept = followups.merge_conversations(frontline.store, ana, second, first)

    # then the first holds both messages, the second is closed and points to it
    with frontline.store.transaction() as tx:
        texts = [m.text for m in tx.messages.for_conversation(first)]
        left = tx.messages.for_conversation(second)
        links = tx.followups.links_of(second)
    assert kept.id == first
    assert texts == ["My blender arrived broken", "Also the lid is missing"]
    assert left == []
    assert status_of(frontline, second) is ConversationStatus.closed
    assert [(lk.other_id, lk.kind.value) for lk in links] == [(first, "merged_into")]

    # and a customer message to the closed one lands in the first
    outcome = receive_customer_message(frontline.store, second, "any update?", frontline.limits)
    assert outcome.conversation.id == first

    # and another customer's conversation cannot be merged in
    with pytest.raises(Conflict):
        followups.merge_conversations(frontline.store, ana, other, first)


def test_that_related_conversations_are_linked_both_ways_once(frontline: Frontline) -> None:
    ana = make_staff(frontline, "ana", Role.agent)
    one, two = chat(frontline), chat(frontline)

    followups.link_conversations(frontline.store, ana, one, two)
    followups.link_conversations(frontline.store, ana, two, one)

    assert [lk.other_id for lk in followups.list_links(frontline.store, ana, one)] == [two]
    assert [lk.other_id for lk in followups.list_links(frontline.store, ana, two)] == [one]
    assert kinds(frontline, one).count("linked") == 1
    update_conversation(
        frontline.store, one, ConversationChanges(status=ConversationStatus.closed), "test"
    )
    with pytest.raises(InvalidInput):
        followups.link_conversations(frontline.store, ana, one, one)


def test_that_staff_snooze_and_merge_through_the_api(frontline: Frontline) -> None:
    from fastapi.testclient import TestClient

    from frontline.services.tokens import create_api_token
    from frontline.web.app import create_app

    make_staff(frontline, "ana", Role.agent)
    _, secret = create_api_token(frontline.store, "ana", admin=False, owner="ana")
    headers = {"Authorization": f"Bearer {secret}"}
    one, two = chat(frontline), chat(frontline)
    with TestClient(create_app(frontline)) as client:
        naive = client.post(
            f"/api/v1/conversations/{one}/snooze",
            json={"until": "2030-01-01T09:00:00"},
            headers=headers,
        )
        until = (now() + timedelta(hours=1)).isoformat()
        snoozed = client.post(
            f"/api/v1/conversations/{one}/snooze", json={"until": until}, headers=headers
        )
        woken = client.delete(f"/api/v1/conversations/{one}/snooze", headers=headers)
        merged = client.post(
            f"/api/v1/conversations/{two}/merge", json={"into": one}, headers=headers
        )
        shown = client.get(f"/api/v1/conversations/{one}", headers=headers)

    assert naive.status_code == 422
    assert snoozed.json()["status"] == "pending"
    assert woken.json()["status"] == "open"
    assert merged.json()["id"] == one
    assert len(shown.json()["messages"]) == 2


def test_that_a_merge_or_link_to_an_id_with_a_nul_byte_finds_no_conversation(
    frontline: Frontline,
) -> None:
    # given an agent and a conversation
    ana = make_staff(frontline, "ana", Role.agent)
    one = chat(frontline)

    # when the other conversation's id holds a NUL byte (PostgreSQL refuses NUL)
    nul = ConversationId(f"{one}\x00")

    # then there is no such conversation, on every database, and nothing moved
    with pytest.raises(NotFound):
        followups.merge_conversations(frontline.store, ana, one, nul)
    with pytest.raises(NotFound):
        followups.link_conversations(frontline.store, ana, one, nul)
    assert status_of(frontline, one) is ConversationStatus.open
    assert followups.list_links(frontline.store, ana, one) == []
