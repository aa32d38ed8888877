"""The agent's hands: every back-office call goes through the policy engine and is recorded."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from frontline.agent.engine.policy import Denial, Session, ToolPolicy
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
    idempotency_key: str | None = None  # a write sent under a key (see `WriteJournal`)


class WriteJournal(Protocol):
    """Where a turn's writes are recorded before they are sent (the conversation's action
    log): a crash between the write and the end of the turn leaves a record to settle."""

    def before_write(self, name: str, arguments: Mapping[str, Any]) -> str:
        """Record that this write is about to be sent; the idempotency key to send it with."""
        ...

    def replay(self, name: str, arguments: Mapping[str, Any]) -> str | None:
        """The key of this very write when an interrupted run of this turn already sent it:
        it passed the policy then, and the back office may show its effect now."""
        ...


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
    policy: ToolPolicy
    journal: WriteJournal | None = None  # None: writes are sent without a key
    calls: list[ToolCall] = field(default_factory=list)
    _writes: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self._writes = frozenset(t.name for t in self.backoffice.tools() if t.writes)

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
        key = self._replayed(name, args)
        if key is None:
            denial = self.policy.check(name, args, Session(user_id, confirmed, assurance))
            if denial is not None:
                self.calls.append(
                    ToolCall(
                        name,
                        args,
                        ActionOutcome.denied,
                        {"rule": denial.rule, "detail": denial.detail},
                    )
                )
                return CallResult(denial=denial)
            if self.journal is not None and name in self._writes:
                key = self.journal.before_write(name, args)
        try:
            value = self.backoffice.call(name, args, idempotency_key=key)
        except OperationFailed as failure:
            error = failure.message
        except BackOfficeError as failure:
            error = str(failure)
        else:
            self.calls.append(ToolCall(name, args, ActionOutcome.ok, value, key))
            return CallResult(value=value)
        self.calls.append(ToolCall(name, args, ActionOutcome.error, {"error": error}, key))
        return CallResult(error=error)

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
        if self._replayed(name, args) is not None:
            return None  # allowed when it was sent
        denial = self.policy.check(name, args, Session(user_id, True, assurance))
        if denial is not None:
            self.calls.append(
                ToolCall(
                    name, args, ActionOutcome.denied, {"rule": denial.rule, "detail": denial.detail}
                )
            )
        return denial

    def _replayed(self, name: str, arguments: Mapping[str, Any]) -> str | None:
        if self.journal is None or name not in self._writes:
            return None
        return self.journal.replay(name, arguments)
