"""Use cases over the back office: run one operation for an external caller, reset the store."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from frontline.backoffice.port import BackOffice, OperationFailed
from frontline.domain.actions import Action, ActionOutcome
from frontline.domain.ids import new_action_id
from frontline.services.audit import record_backoffice_action
from frontline.services.clock import now
from frontline.services.ports import Store


@dataclass(frozen=True, slots=True)
class ToolRun:
    name: str
    outcome: ActionOutcome
    result: Any
    error: str | None


def run_backoffice_tool(
    store: Store, backoffice: BackOffice, name: str, arguments: Mapping[str, Any], actor: str
) -> ToolRun:
    """Run one back-office operation and record it in the action log.

    Unknown tools and bad arguments raise (nothing ran, nothing is logged); a refusal by the
    back office itself (order not found, wrong status, ...) is an ``error`` outcome.
    """
    try:
        result = backoffice.call(name, arguments)
        run = ToolRun(name, ActionOutcome.ok, result, None)
    except OperationFailed as failure:
        run = ToolRun(name, ActionOutcome.error, None, failure.message)
    with store.transaction() as tx:
        tx.actions.add(
            Action(
                id=new_action_id(),
                conversation_id=None,
                name=name,
                arguments=dict(arguments),
                outcome=run.outcome,
                result=run.result if run.error is None else {"error": run.error},
                actor=actor,
                created_at=now(),
            )
        )
        record_backoffice_action(tx, actor, name, arguments, run.outcome.value, None)
    return run
