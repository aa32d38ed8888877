"""SQL adapter of the audit log: a hash chain whose head row serialises appends."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, insert, select, update

from frontline.domain.audit import GENESIS, AuditEntry, AuditRecord, entry_hash
from frontline.storage.codec import as_utc, dump_json, load_json
from frontline.storage.privacy_tables import audit_head, audit_log

_LOCK_HEAD = (
    select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1).with_for_update()
)


def _entry(row: Row[Any]) -> AuditEntry:
    return AuditEntry(
        seq=int(row.seq),
        at=as_utc(row.at),
        actor=row.actor,
        action=row.action,
        target=row.target,
        details=load_json(row.details),
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


class SqlAuditLog:
    def __init__(self, connection: Connection) -> None:
        self._db = connection

    def _head(self) -> tuple[int, str]:
        head = self._db.execute(_LOCK_HEAD).first()
        if head is not None:
            return int(head.seq), str(head.hash)
        # the head row is made by the migration; an emptied database gets it back here
        last = self._db.execute(
            select(audit_log.c.seq, audit_log.c.hash).order_by(audit_log.c.seq.desc()).limit(1)
        ).first()
        seq, hash_ = (int(last.seq), str(last.hash)) if last else (0, GENESIS)
        self._db.execute(insert(audit_head).values(id=1, seq=seq, hash=hash_))
        self._db.execute(_LOCK_HEAD)
        return seq, hash_

    def lock(self) -> None:
        self._head()

    def head(self) -> tuple[int, str]:
        row = self._db.execute(
            select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == 1)
        ).first()
        return (int(row.seq), str(row.hash)) if row else (0, GENESIS)

    def append(self, record: AuditRecord, at: datetime) -> AuditEntry:
        details_text = dump_json(record.details)
        # hash what will be read back: the details as the JSON column returns them
        record = AuditRecord(record.actor, record.action, record.target, load_json(details_text))
        prev_seq, prev_hash = self._head()
        seq = prev_seq + 1
        digest = entry_hash(prev_hash, seq, at, record)
        self._db.execute(
            insert(audit_log).values(
                seq=seq,
                at=at,
                actor=record.actor,
                action=record.action,
                target=record.target,
                details=details_text,
                prev_hash=prev_hash,
                hash=digest,
            )
        )
        self._db.execute(
            update(audit_head).where(audit_head.c.id == 1).values(seq=seq, hash=digest)
        )
        return AuditEntry(
            seq, at, record.actor, record.action, record.target, record.details, prev_hash, digest
        )

    def entries(self, after_seq: int, limit: int) -> Sequence[AuditEntry]:
        rows = self._db.execute(
            select(audit_log)
            .where(audit_log.c.seq > after_seq)
            .order_by(audit_log.c.seq)
            .limit(limit)
        )
        return [_entry(r) for r in rows]

    def newest(
        self, before_seq: int | None, limit: int, action_prefix: str | None = None
    ) -> Sequence[AuditEntry]:
        query = select(audit_log).order_by(audit_log.c.seq.desc()).limit(limit)
        if before_seq is not None:
            query = query.where(audit_log.c.seq < before_seq)
        if action_prefix:
            query = query.where(audit_log.c.action.startswith(action_prefix, autoescape=True))
        return [_entry(r) for r in self._db.execute(query)]
