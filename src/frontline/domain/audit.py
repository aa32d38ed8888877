"""The audit log: who did what to which data or setting, and when, in a tamper-evident chain.

Each entry carries ``hash = SHA-256(previous entry's hash + the entry's own content)``; the
first entry's previous hash is ``GENESIS``. Changing, removing or reordering any stored entry
breaks every hash from it on, which ``first_broken`` finds. Entries hold ids and counts, never
personal data: an erasure cannot rewrite the log without breaking the chain.

Actors are written ``staff:<username>``, ``token:<id>``, ``ai``, ``cli`` or ``system``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
MAX_DETAIL_CHARS = 4000


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """What is to be recorded; the log gives it its place and its hash."""

    actor: str
    action: str  # a dotted verb: customer.export, staff.login, settings.sla_policy.create
    target: str  # what it was done to: customer:<id>, conversation:<id>, staff:<username>
    details: dict[str, Any]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    seq: int  # 1, 2, 3... in the order entries were appended
    at: datetime
    actor: str
    action: str
    target: str
    details: dict[str, Any]
    prev_hash: str
    hash: str


def canonical_time(at: datetime) -> str:
    """The entry's time as hashed: UTC, microseconds, so every database gives the same text."""
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(prev_hash: str, seq: int, at: datetime, record: AuditRecord) -> str:
    content = json.dumps(
        [seq, canonical_time(at), record.actor, record.action, record.target, record.details],
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def first_broken(
    entries: Iterable[AuditEntry], prev_hash: str = GENESIS, seq: int = 0
) -> int | None:
    """The sequence number of the first entry that does not chain, or None when all do.

    ``prev_hash`` and ``seq`` are those of the entry before the first one given (a page of
    the log can be checked after the pages before it).
    """
    for entry in entries:
        seq += 1
        record = AuditRecord(entry.actor, entry.action, entry.target, entry.details)
        if (
            entry.seq != seq
            or entry.prev_hash != prev_hash
            or entry.hash != entry_hash(prev_hash, entry.seq, entry.at, record)
        ):
            return seq
        prev_hash = entry.hash
    return None
