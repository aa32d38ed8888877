"""The gatekeepers, branch by branch: what each role may see and touch."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from frontline.bootstrap import Frontline
from frontline.domain.conversations import Channel, Conversation, ConversationStatus, Priority
from frontline.domain.errors import Forbidden, NotFound, Unauthorized
from frontline.domain.ids import ConversationId
from frontline.domain.staff import Role, StaffId, StaffUser
from frontline.services.access import (
    access_admin,
    access_conversation_as_staff,
    access_handback,
    access_inbox,
    access_staff,
    access_supervision,
    can_see,
)
from frontline.services.accounts import create_staff_user
from frontline.services.ports import InboxView

AT = datetime(2026, 1, 1, tzinfo=UTC)


def staff(role: Role = Role.agent, queues: tuple[str, ...] = ("general",)) -> StaffUser:
    return StaffUser(StaffId("stf_1"), "ana", "Ana", role, AT, queues)


def conversation(queue: str = "general", assignee: str | None = None) -> Conversation:
    return Conversation(
        id=ConversationId("cnv_1"),
        channel=Channel.chat,
        status=ConversationStatus.open,
        customer_id=None,
        queue=queue,
        priority=Priority.normal,
        created_at=AT,
        updated_at=AT,
        assignee=assignee,
    )


def test_that_an_agent_can_see_a_conversation_in_their_queue() -> None:
    assert can_see(staff(), "general", None)


def test_that_an_agent_cannot_see_a_conversation_in_another_queue() -> None:
    assert not can_see(staff(), "billing", None)


def test_that_an_agent_can_see_a_conversation_of_another_queue_assigned_to_them() -> None:
    assert can_see(staff(), "billing", "ana")


@pytest.mark.parametrize("role", [Role.supervisor, Role.admin])
def test_that_supervisors_and_admins_can_see_every_queue(role: Role) -> None:
    assert can_see(staff(role, queues=()), "billing", "someone")


def test_that_an_agents_inbox_is_scoped_to_their_queues() -> None:
    # when an agent of two queues asks for all conversations
    query = access_inbox(staff(queues=("billing", "general")), InboxView.all)

    # then the query is limited to those queues and names them as "me"
    assert query.queues == ("billing", "general")
    assert query.me == "ana"


def test_that_a_supervisors_inbox_has_no_queue_scope() -> None:
    assert access_inbox(staff(Role.supervisor), InboxView.all).queues is None


def test_that_an_agent_cannot_filter_the_inbox_by_a_queue_they_are_not_in() -> None:
    with pytest.raises(Forbidden):
        access_inbox(staff(), InboxView.all, queue="billing")


def test_that_a_supervisor_can_filter_the_inbox_by_any_queue() -> None:
    assert access_inbox(staff(Role.supervisor), InboxView.all, queue="billing").queue == "billing"


def test_that_an_agent_can_hand_back_what_they_hold_or_what_nobody_holds() -> None:
    access_handback(staff(), conversation(assignee="ana"))
    access_handback(staff(), conversation(assignee=None))


def test_that_an_agent_cannot_hand_back_what_another_agent_holds() -> None:
    with pytest.raises(Forbidden, match="bo holds"):
        access_handback(staff(), conversation(assignee="bo"))


def test_that_a_supervisor_can_hand_back_what_another_agent_holds() -> None:
    access_handback(staff(Role.supervisor), conversation(assignee="bo"))


def test_that_supervisors_and_admins_but_not_agents_can_manage_team_settings() -> None:
    assert access_supervision(staff(Role.supervisor)).role is Role.supervisor
    assert access_supervision(staff(Role.admin)).role is Role.admin
    with pytest.raises(Forbidden):
        access_supervision(staff(Role.agent))


def test_that_only_an_admin_can_administer() -> None:
    assert access_admin(staff(Role.admin)).role is Role.admin
    with pytest.raises(Forbidden):
        access_admin(staff(Role.supervisor))


def test_that_a_session_of_a_disabled_or_unknown_user_is_refused(frontline: Frontline) -> None:
    # given a stored agent
    user = create_staff_user(frontline.store, "ana", "long enough pw", Role.agent)

    # then their id is accepted, and an unknown or missing one is not
    assert access_staff(frontline.store, user.id) == user
    with pytest.raises(Unauthorized):
        access_staff(frontline.store, StaffId("stf_nobody"))
    with pytest.raises(Unauthorized):
        access_staff(frontline.store, None)


def test_that_an_agent_cannot_load_a_conversation_outside_their_queues(
    frontline: Frontline,
) -> None:
    # given a stored conversation in billing
    billing = conversation(queue="billing")
    with frontline.store.transaction() as tx:
        tx.conversations.add(billing)

    # then an agent of general does not find it, and one of billing does
    with frontline.store.transaction() as tx, pytest.raises(NotFound):
        access_conversation_as_staff(tx, staff(), billing.id)
    with frontline.store.transaction() as tx:
        found = access_conversation_as_staff(tx, replace(staff(), queues=("billing",)), billing.id)
    assert found.id == billing.id
