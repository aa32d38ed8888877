"""Use cases over the back office: run one operation for an external caller, reset the store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontline.backoffice.port import (
    BackOffice,
    IdempotencyConflict,
    OperationFailed,
    UnknownTool,
    check_arguments,
)
from frontline.domain.actions import Action, ActionOutcome
from frontline.domain.errors import Conflict, InvalidInput
from frontline.domain.ids import ConversationId, new_action_id
from frontline.services.audit import record_backoffice_action
from frontline.services.clock import now
from frontline.services.ports import Store


@dataclass(frozen=True, slots=True)
class ToolRun:
    name: str
    outcome: ActionOutcome
    result: Any
    error: str | None


MAX_IDEMPOTENCY_KEY_CHARS = 100


def run_backoffice_tool(
    store: Store,
    backoffice: BackOffice,
    name: str,
    arguments: Mapping[str, Any],
    actor: str,
    idempotency_key: str | None = None,
) -> ToolRun:
    """Run one back-office operation and record it in the action log.

    Unknown tools and bad arguments raise (nothing ran, nothing is logged); a refusal by the
    back office itself (order not found, wrong status, ...) is an ``error`` outcome. A write
    with an ``idempotency_key`` (the caller's, kept per actor) is on record as pending before
    it is sent and runs once however often it is sent again: a repeat returns the first result
    (``Conflict`` when the key came with another call).
    """
    spec = next((t for t in backoffice.tools() if t.name == name), None)
    if spec is None:
        raise UnknownTool(name)
    checked = check_arguments(spec, arguments)
    key = _caller_key(actor, idempotency_key) if spec.writes else None
    if key is not None:
        record_pending_write(store, None, name, checked, actor, key)
    try:
        result = backoffice.call(name, checked, idempotency_key=key)
        run = ToolRun(name, ActionOutcome.ok, result, None)
    except OperationFailed as failure:
        run = ToolRun(name, ActionOutcome.error, None, failure.message)
    except IdempotencyConflict as conflict:
        raise Conflict("this Idempotency-Key was used for another call") from conflict
    outcome_result = run.result if run.error is None else {"error": run.error}
    with store.transaction() as tx:
        if key is not None:
            tx.actions.settle(key, run.outcome, outcome_result)
        else:
            tx.actions.add(
                Action(
                    id=new_action_id(),
                    conversation_id=None,
                    name=name,
                    arguments=checked,
                    outcome=run.outcome,
                    result=outcome_result,
                    actor=actor,
                    created_at=now(),
                )
            )
        record_backoffice_action(tx, actor, name, checked, run.outcome.value, None)
    return run


def _caller_key(actor: str, idempotency_key: str | None) -> str | None:
    if idempotency_key is None:
        return None
    if not idempotency_key.strip() or len(idempotency_key) > MAX_IDEMPOTENCY_KEY_CHARS:
        raise InvalidInput(f"an Idempotency-Key has 1 to {MAX_IDEMPOTENCY_KEY_CHARS} characters")
    return f"{actor}/{idempotency_key}"


def record_pending_write(
    store: Store,
    conversation_id: ConversationId | None,
    name: str,
    arguments: Mapping[str, Any],
    actor: str,
    key: str,
) -> None:
    """Commit a ``pending`` action for a write about to be sent under ``key`` (once per key):
    whatever happens next, the write has its row, to be settled by its result."""
    with store.transaction() as tx:
        if tx.actions.find_by_key(key) is None:
            tx.actions.add(
                Action(
                    id=new_action_id(),
                    conversation_id=conversation_id,
                    name=name,
                    arguments=dict(arguments),
                    outcome=ActionOutcome.pending,
                    result=None,
                    actor=actor,
                    created_at=now(),
                    idempotency_key=key,
                )
            )
