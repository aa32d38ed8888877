"""Use cases of the audit log: record an action in the caller's transaction, read, verify.

``record_audit`` is called by the state-changing use cases themselves (export, erasure,
retention, logins, tokens, settings, back-office actions) inside the transaction that makes
the change, so an entry exists exactly when the change does.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from frontline.domain.audit import GENESIS, AuditEntry, AuditRecord, first_broken
from frontline.domain.errors import Forbidden
from frontline.domain.staff import Role, StaffUser
from frontline.services.clock import now
from frontline.services.ports import Store, UnitOfWork

AI_ACTOR = "ai"
SYSTEM_ACTOR = "system"
CLI_ACTOR = "cli"
_PAGE = 1000
_TARGET_KEYS = ("order_id", "user_id", "product_id")  # the record an operation names, in order


def record_audit(
    tx: UnitOfWork, actor: str, action: str, target: str, details: dict[str, Any] | None = None
) -> AuditEntry:
    """Append one entry; ``details`` hold ids and counts, never personal data."""
    return tx.audit.append(AuditRecord(actor, action, target, details or {}), now())


def record_backoffice_action(
    tx: UnitOfWork,
    actor: str,
    tool: str,
    arguments: Mapping[str, Any],
    outcome: str,
    conversation_id: str | None,
) -> AuditEntry:
    """A back-office operation run by the AI or a caller: the record it touched (by id; the
    arguments themselves may hold addresses and names and stay in the action log)."""
    target = next(
        (
            f"{key.removesuffix('_id')}:{arguments[key]}"
            for key in _TARGET_KEYS
            if arguments.get(key)
        ),
        f"conversation:{conversation_id}" if conversation_id else "backoffice",
    )
    details = {"tool": tool, "outcome": outcome, "conversation_id": conversation_id}
    return record_audit(tx, actor, f"backoffice.{tool}", target, details)


def staff_actor(username: str) -> str:
    return f"staff:{username}"


def token_actor(token_id: str) -> str:
    return f"token:{token_id}"


def access_audit_log(staff: StaffUser) -> StaffUser:
    """The audit log is for admins."""
    if staff.role is not Role.admin:
        raise Forbidden("the audit log is for admins")
    return staff


def audit_entries(
    store: Store, before_seq: int | None, limit: int, action_prefix: str | None = None
) -> Sequence[AuditEntry]:
    """A page of the log, newest first."""
    with store.transaction() as tx:
        return tx.audit.newest(before_seq, limit, action_prefix)


def iter_audit_log(store: Store) -> Iterator[AuditEntry]:
    """Every entry in log order, read a page per transaction."""
    after = 0
    while True:
        with store.transaction() as tx:
            page = tx.audit.entries(after, _PAGE)
        yield from page
        if len(page) < _PAGE:
            return
        after = page[-1].seq


@dataclass(frozen=True, slots=True)
class AuditVerification:
    checked: int  # entries that chain, from the first
    broken_at: int | None  # the first entry that does not chain, None when the log is intact
    head_hash: str  # the last entry's hash: noted elsewhere, it anchors the whole log

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_audit_log(store: Store) -> AuditVerification:
    """Recompute the chain from the first entry up to the head as it was when the check began
    (entries appended meanwhile are the next check's); the first entry that does not match.
    A changed, removed, inserted or reordered entry breaks it, and so does a removed last one:
    the head row still names it."""
    with store.transaction() as tx:
        head_seq, head_hash = tx.audit.head()
    prev_hash, seq = GENESIS, 0
    while seq < head_seq:
        with store.transaction() as tx:
            page = tx.audit.entries(seq, min(_PAGE, head_seq - seq))
        if not page:
            return AuditVerification(seq, seq + 1, head_hash)
        broken = first_broken(page, prev_hash, seq)
        if broken is not None:
            return AuditVerification(broken - 1, broken, head_hash)
        prev_hash, seq = page[-1].hash, page[-1].seq
    if prev_hash != head_hash:
        return AuditVerification(max(seq - 1, 0), seq, head_hash)
    return AuditVerification(seq, None, head_hash)
