"""The workspace inbox with each conversation's SLA due time, newest first or most urgent
first (the earliest breach on top)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from frontline.domain.conversations import Conversation, ConversationStatus
from frontline.domain.ids import ConversationId
from frontline.domain.staff import Role, StaffUser
from frontline.services import privacy
from frontline.services.access import access_inbox
from frontline.services.ports import InboxView, Store
from frontline.services.routing_ports import PresenceState
from frontline.services.workspace import COUNT_CAP, INBOX_PAGE, InboxPage, get_inbox


class InboxSort(StrEnum):
    newest = "newest"  # the newest conversation first
    sla = "sla"  # the earliest SLA breach first; conversations without a clock last


@dataclass(frozen=True, slots=True)
class SlaBadge:
    due_at: datetime
    seconds_left: float  # negative: breached that long ago


@dataclass(frozen=True, slots=True)
class SlaInboxPage:
    page: InboxPage
    sort: InboxSort
    badges: dict[ConversationId, SlaBadge]
    next_offset: int | None  # the SLA order pages by position
    presence: PresenceState  # the asking member's own presence, for the toggle


def badge_of(due_at: datetime, at: datetime) -> SlaBadge:
    return SlaBadge(due_at, (due_at - at).total_seconds())


def get_sla_inbox(
    store: Store,
    staff: StaffUser,
    view: InboxView,
    at: datetime,
    sort: InboxSort = InboxSort.newest,
    queue: str | None = None,
    status: ConversationStatus | None = None,
    search: str | None = None,
    cursor: str | None = None,
    raw_text_roles: Sequence[Role] = privacy.ALL_ROLES,
) -> SlaInboxPage:
    if sort is InboxSort.newest or (search or "").strip():
        page = get_inbox(
            store,
            staff,
            view,
            queue,
            status,
            search,
            ConversationId(cursor) if cursor else None,
            raw_text_roles,
        )
        with store.transaction() as tx:
            due = tx.sla_inbox.due_times([c.id for c in page.items])
            presence = tx.routing.presence(staff.id)
        badges = {cid: badge_of(d, at) for cid, d in due.items()}
        return SlaInboxPage(page, InboxSort.newest if search else sort, badges, None, presence)
    offset = int(cursor) if cursor and cursor.isdigit() else 0
    query = access_inbox(staff, view, queue=queue or None, status=status)
    with store.transaction() as tx:
        items, due = tx.sla_inbox.by_due(query, offset, INBOX_PAGE + 1)
        _, counts = tx.inbox.view(query, None, 1, COUNT_CAP)
        presence = tx.routing.presence(staff.id)
    more = len(items) > INBOX_PAGE
    shown: Sequence[Conversation] = items[:INBOX_PAGE]
    if not privacy.may_see_raw_text(staff.role, raw_text_roles):
        shown = [privacy.redacted_conversation(c) for c in shown]
    page = InboxPage(view, shown, counts, None, COUNT_CAP)
    badges = {cid: badge_of(d, at) for cid, d in due.items()}
    return SlaInboxPage(page, sort, badges, offset + INBOX_PAGE if more else None, presence)
