"""Retention: how long the text of finished conversations is kept.

A rule names a channel (None: every channel), a status and an age in days; a conversation in
that status whose last change is older than that has its text erased (messages, notes, emails,
agent state). The conversation itself, its events and timestamps stay, so analytics still
count it. With no rules, text is kept until a customer's erasure.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from frontline.domain.conversations import Channel, ConversationStatus


@dataclass(frozen=True, slots=True)
class RetentionRule:
    days: int
    status: ConversationStatus = ConversationStatus.resolved
    channel: Channel | None = None

    def __post_init__(self) -> None:
        if self.days < 1:
            raise ValueError("a retention rule keeps text for at least 1 day")

    def cutoff(self, at: datetime) -> datetime:
        """Conversations last changed before this are due."""
        return at - timedelta(days=self.days)

    def describe(self) -> str:
        return f"{self.channel.value if self.channel else 'any'}/{self.status.value}/{self.days}d"
