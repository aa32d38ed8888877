"""The storage port of follow-ups: snoozes, links between conversations, merges."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from frontline.domain.conversations import ConversationStatus
from frontline.domain.ids import ConversationId


class LinkKind(StrEnum):
    merged_into = "merged_into"  # this conversation was merged into the other and closed
    related = "related"  # the two are about related matters (stored both ways)


@dataclass(frozen=True, slots=True)
class Snooze:
    conversation_id: ConversationId
    until: datetime
    status_before: ConversationStatus
    actor: str
    created_at: datetime


@dataclass(frozen=True, slots=True)
class Link:
    conversation_id: ConversationId
    other_id: ConversationId
    kind: LinkKind
    actor: str
    created_at: datetime


class FollowupRepository(Protocol):
    def put_snooze(self, snooze: Snooze) -> None: ...
    def snooze_of(self, conversation_id: ConversationId) -> Snooze | None: ...
    def delete_snooze(self, conversation_id: ConversationId) -> bool: ...
    def due_snoozes(self, at: datetime, limit: int) -> Sequence[Snooze]: ...
    def stale_pending(self, before: datetime, limit: int) -> Sequence[ConversationId]:
        """Pending conversations untouched since ``before`` and not snoozed, oldest first."""

    def add_link(self, link: Link) -> bool:
        """False when the two are linked already."""

    def links_of(self, conversation_id: ConversationId) -> Sequence[Link]: ...
    def move_messages(self, source: ConversationId, target: ConversationId) -> int:
        """Move the messages and notes of ``source`` to ``target``; how many messages moved."""
