"""The agent's hands: every back-office call goes through the policy engine and is recorded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from frontline.agent.policy import Denial, PolicyEngine, Session
from frontline.backoffice.port import BackOffice, BackOfficeError, OperationFailed
from frontline.domain.actions import ActionOutcome
from frontline.domain.assurance import Assurance


@dataclass(frozen=True, slots=True)
class ToolCall:
    """One call as the action log keeps it."""

    name: str
    arguments: dict[str, Any]
    outcome: ActionOutcome
    result: Any


@dataclass(frozen=True, slots=True)
class CallResult:
    value: Any = None
    denial: Denial | None = None
    error: str | None = None  # the back office's refusal message

    @property
    def ok(self) -> bool:
        return self.denial is None and self.error is None


@dataclass(slots=True)
class Toolbox:
    backoffice: BackOffice
    policy: PolicyEngine
    calls: list[ToolCall] = field(default_factory=list)

    def call(
        self,
        name: str,
        arguments: Mapping[str, Any],
        *,
        user_id: str | None,
        confirmed: bool = False,
        assurance: Assurance = Assurance.knowledge,
    ) -> CallResult:
        """Check, run and record one call. Never raises for a refusal: it is a result."""
        args = dict(arguments)
        denial = self.policy.check(name, args, Session(user_id, confirmed, assurance))
        if denial is not None:
            self.calls.append(
                ToolCall(
                    name, args, ActionOutcome.denied, {"rule": denial.rule, "detail": denial.detail}
                )
            )
            return CallResult(denial=denial)
        try:
            value = self.backoffice.call(name, args)
        except OperationFailed as failure:
            self.calls.append(ToolCall(name, args, ActionOutcome.error, {"error": failure.message}))
            return CallResult(error=failure.message)
        except BackOfficeError as failure:
            self.calls.append(ToolCall(name, args, ActionOutcome.error, {"error": str(failure)}))
            return CallResult(error=str(failure))
        self.calls.append(ToolCall(name, args, ActionOutcome.ok, value))
        return CallResult(value=value)

    def precheck(
        self,
        name: str,
        arguments: Mapping[str, Any],
        *,
        user_id: str | None,
        assurance: Assurance = Assurance.knowledge,
    ) -> Denial | None:
        """Would the policy allow this write once confirmed? A denial is recorded as such."""
        args = dict(arguments)
        denial = self.policy.check(name, args, Session(user_id, True, assurance))
        if denial is not None:
            self.calls.append(
                ToolCall(
                    name, args, ActionOutcome.denied, {"rule": denial.rule, "detail": denial.detail}
                )
            )
        return denial
