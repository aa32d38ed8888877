"""SQL adapter of the customer-access port."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, delete, insert, select, update

from frontline.domain.ids import ConversationId
from frontline.domain.staff import StaffId
from frontline.services.access_ports import IdentityCode
from frontline.storage.access_tables import (
    api_token_owners,
    conversation_credentials,
    identity_codes,
)
from frontline.storage.codec import as_utc

_INSERT_CREDENTIAL = insert(conversation_credentials)


class SqlAccessRepository:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def add_credential(
        self, conversation_id: ConversationId, token_hash: str, at: datetime
    ) -> None:
        self._db.execute(
            _INSERT_CREDENTIAL,
            {"token_hash": token_hash, "conversation_id": conversation_id, "created_at": at},
        )

    def conversation_of(self, token_hash: str) -> ConversationId | None:
        found = self._db.execute(
            select(conversation_credentials.c.conversation_id).where(
                conversation_credentials.c.token_hash == token_hash
            )
        ).scalar()
        return ConversationId(found) if found is not None else None

    def put_code(self, code: IdentityCode) -> None:
        self.delete_code(code.conversation_id)
        self._db.execute(
            insert(identity_codes).values(
                conversation_id=code.conversation_id,
                user_id=code.user_id,
                code_hash=code.code_hash,
                expires_at=code.expires_at,
                attempts=code.attempts,
                created_at=code.created_at,
            )
        )

    def get_code(self, conversation_id: ConversationId) -> IdentityCode | None:
        row = self._db.execute(
            select(identity_codes).where(identity_codes.c.conversation_id == conversation_id)
        ).first()
        if row is None:
            return None
        return IdentityCode(
            conversation_id=ConversationId(row.conversation_id),
            user_id=row.user_id,
            code_hash=row.code_hash,
            expires_at=as_utc(row.expires_at),
            attempts=row.attempts,
            created_at=as_utc(row.created_at),
        )

    def count_wrong_code(self, conversation_id: ConversationId) -> None:
        self._db.execute(
            update(identity_codes)
            .where(identity_codes.c.conversation_id == conversation_id)
            .values(attempts=identity_codes.c.attempts + 1)
        )

    def delete_code(self, conversation_id: ConversationId) -> None:
        self._db.execute(
            delete(identity_codes).where(identity_codes.c.conversation_id == conversation_id)
        )

    def set_token_owner(self, token_id: str, staff_id: StaffId) -> None:
        self._db.execute(insert(api_token_owners).values(token_id=token_id, staff_id=staff_id))

    def token_owner(self, token_id: str) -> StaffId | None:
        found = self._db.execute(
            select(api_token_owners.c.staff_id).where(api_token_owners.c.token_id == token_id)
        ).scalar()
        return StaffId(found) if found is not None else None
