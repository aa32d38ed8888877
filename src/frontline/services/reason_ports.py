"""The storage port of contact reasons: each conversation's reasons and their daily counts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from frontline.analytics.reasons import ConversationReasons
from frontline.domain.events import Event


class ReasonRepository(Protocol):
    def lock_watermark(self) -> int:
        """The last event id folded into the reason counts, locked until the transaction ends."""

    def set_watermark(self, event_id: int) -> None: ...

    def last_event_id(self) -> int: ...

    def conversations_with_events(self, after: int, up_to: int) -> Sequence[str]:
        """Conversations with an event that can change their reasons, id in ``(after, up_to]``."""

    def events_of(self, conversation_ids: Sequence[str]) -> Sequence[Event]:
        """The events of these conversations that reasons are read from, in log order."""

    def reasons_of(self, conversation_ids: Sequence[str]) -> dict[str, ConversationReasons]: ...

    def put_reasons(self, reasons: Sequence[ConversationReasons]) -> None:
        """Store (replace) these conversations' reasons."""

    def add_to_counts(self, deltas: dict[tuple[str, str], int]) -> None:
        """Add to the conversations per ``(ISO day, reason)``."""

    def counts(self, first_day: str, last_day: str) -> dict[tuple[str, str], int]:
        """Conversations per ``(ISO day, reason)`` of the days in ``[first_day, last_day]``."""

    def examples(
        self, reasons: Sequence[str], first_day: str, last_day: str, per_reason: int
    ) -> dict[str, list[str]]:
        """Up to ``per_reason`` conversations (newest first) per reason, started in those days."""
