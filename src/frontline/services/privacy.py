"""Use cases of privacy: a customer's data exported or erased, retention applied, and which
text of a message a member of staff is shown.

Every export, erasure and retention step writes an audit entry in the transaction that does it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from frontline.domain.actions import Action
from frontline.domain.conversations import Conversation, Message, Note
from frontline.domain.errors import NotFound
from frontline.domain.ids import ConversationId, CustomerId
from frontline.domain.pii import redact
from frontline.domain.retention import RetentionRule
from frontline.domain.staff import Role
from frontline.services.audit import SYSTEM_ACTOR, record_audit
from frontline.services.clock import now
from frontline.services.ports import Store, UnitOfWork

EXPORT_FORMAT = "frontline.customer-export.v1"
RETENTION_BATCH = 200


def export_customer(store: Store, customer_id: CustomerId, actor: str) -> dict[str, Any]:
    """Everything stored about the customer, as JSON-ready data (GDPR Art. 15 and 20)."""
    with store.transaction() as tx:
        record = tx.privacy.customer_record(customer_id)
        if record is None:
            raise NotFound(f"customer {customer_id} not found")
        record_audit(
            tx,
            actor,
            "customer.export",
            f"customer:{customer_id}",
            {"conversations": len(record["conversations"])},
        )
    return {"format": EXPORT_FORMAT, "exported_at": now().isoformat(), **record}


@dataclass(frozen=True, slots=True)
class Erasure:
    customer_id: CustomerId
    changed: dict[str, int]  # rows changed per kind of data


def erase_customer(store: Store, customer_id: CustomerId, actor: str) -> Erasure:
    """Remove or overwrite the customer's personal data everywhere it is stored (GDPR
    Art. 17); conversations, events and timestamps stay as tombstones for analytics."""
    with store.transaction() as tx:
        if tx.customers.get(customer_id) is None:
            raise NotFound(f"customer {customer_id} not found")
        tx.audit.lock()
        changed = tx.privacy.erase_customer(customer_id, now())
        record_audit(tx, actor, "customer.erase", f"customer:{customer_id}", dict(changed))
    return Erasure(customer_id, changed)


@dataclass(frozen=True, slots=True)
class RetentionRun:
    erased: dict[str, list[ConversationId]] = field(default_factory=dict)  # rule -> conversations

    @property
    def total(self) -> int:
        return sum(len(ids) for ids in self.erased.values())


def apply_retention(
    store: Store, rules: Sequence[RetentionRule], at: datetime | None = None
) -> RetentionRun:
    """Erase the text of every conversation a rule says is due; one transaction (and one
    audit entry) per conversation, then one entry for the run."""
    at = at or now()
    run = RetentionRun()
    for rule in rules:
        erased = run.erased.setdefault(rule.describe(), [])
        while True:
            with store.transaction() as tx:
                due = tx.privacy.due_for_retention(
                    rule.channel, rule.status, rule.cutoff(at), RETENTION_BATCH
                )
            for conversation_id in due:
                _erase_for_retention(store, conversation_id, rule)
                erased.append(conversation_id)
            if len(due) < RETENTION_BATCH:
                break
    with store.transaction() as tx:
        record_audit(
            tx,
            SYSTEM_ACTOR,
            "retention.run",
            "retention",
            {"rules": [r.describe() for r in rules], "erased": run.total},
        )
    return run


def _erase_for_retention(
    store: Store, conversation_id: ConversationId, rule: RetentionRule
) -> None:
    with store.transaction() as tx:
        tx.audit.lock()
        changed = tx.privacy.erase_conversation_text(conversation_id, now())
        record_audit(
            tx,
            SYSTEM_ACTOR,
            "retention.erase",
            f"conversation:{conversation_id}",
            {"rule": rule.describe(), **changed},
        )


# Every role sees raw text unless the settings say otherwise (FRONTLINE_RAW_TEXT_ROLES).
ALL_ROLES: tuple[Role, ...] = tuple(Role)


def may_see_raw_text(role: Role, raw_text_roles: Sequence[Role]) -> bool:
    return role in raw_text_roles


def live_event_for(
    event: dict[str, Any], role: Role, raw_text_roles: Sequence[Role]
) -> dict[str, Any]:
    """A workspace live event as ``role`` may receive it: a message's text redacted (the same
    text as its stored redacted copy) for roles without raw access."""
    message = event.get("message")
    if may_see_raw_text(role, raw_text_roles) or not isinstance(message, dict):
        return event
    return {**event, "message": {**message, "text": redact(str(message.get("text", "")))}}


def redacted_messages(tx: UnitOfWork, messages: Sequence[Message]) -> list[Message]:
    """The messages with their stored redacted copies as text (redacted now if none)."""
    copies = tx.privacy.redacted_texts([m.id for m in messages])
    return [replace(m, text=copies.get(m.id) or redact(m.text)) for m in messages]


def redacted_notes(notes: Sequence[Note]) -> list[Note]:
    return [replace(n, text=redact(n.text)) for n in notes]


def redacted_actions(actions: Sequence[Action]) -> list[Action]:
    """The actions with the values of their arguments and their results left out."""
    return [
        replace(a, arguments=dict.fromkeys(a.arguments, "[redacted]"), result=None) for a in actions
    ]


def redacted_conversation(conversation: Conversation) -> Conversation:
    """The conversation with its subject (a customer's first line) and hand-off summary redacted."""
    handoff = conversation.handoff
    return replace(
        conversation,
        subject=redact(conversation.subject) if conversation.subject else None,
        handoff=replace(handoff, summary=redact(handoff.summary)) if handoff else None,
    )
