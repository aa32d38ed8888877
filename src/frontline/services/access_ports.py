"""The storage port of customer access: conversation credentials, identity codes, token owners."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from frontline.domain.ids import ConversationId
from frontline.domain.staff import StaffId


@dataclass(frozen=True, slots=True)
class IdentityCode:
    """The open one-time code challenge of a conversation (the code itself is never stored)."""

    conversation_id: ConversationId
    user_id: str  # the back-office customer the code was sent to
    code_hash: str
    expires_at: datetime
    attempts: int  # wrong answers so far
    created_at: datetime


class AccessRepository(Protocol):
    def add_credential(
        self, conversation_id: ConversationId, token_hash: str, at: datetime
    ) -> None: ...

    def conversation_of(self, token_hash: str) -> ConversationId | None:
        """The conversation a customer credential was issued for, if any."""

    def put_code(self, code: IdentityCode) -> None:
        """Store ``code`` as the conversation's one challenge, replacing an older one."""

    def get_code(self, conversation_id: ConversationId) -> IdentityCode | None: ...

    def count_wrong_code(self, conversation_id: ConversationId) -> None: ...

    def delete_code(self, conversation_id: ConversationId) -> None: ...

    def set_token_owner(self, token_id: str, staff_id: StaffId) -> None: ...

    def token_owner(self, token_id: str) -> StaffId | None: ...
