"""What the engine knows of a policy: a call is allowed, or refused by a named rule.

The rules themselves belong to the business (``Pack.policy``; the retail rules are
``frontline.agent.retail.policy``). The engine asks the policy before every back-office call
(``Toolbox``), logs a refusal as a ``denied`` action with its rule and explains it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from frontline.domain.assurance import Assurance


@dataclass(frozen=True, slots=True)
class Denial:
    rule: str
    detail: str  # for the action log and the summary; never shown raw to the customer
    amount: float | None = None  # the money the rule is about, when the reply may say it


@dataclass(frozen=True, slots=True)
class Session:
    """What the policy knows about the conversation: who is verified, what was confirmed."""

    user_id: str | None
    confirmed: bool = False  # the customer said yes to exactly this call
    assurance: Assurance = Assurance.knowledge  # how surely user_id is the person chatting


@dataclass(frozen=True, slots=True)
class AssuranceRequirements:
    """The identity assurance account reads and account writes need (from Settings)."""

    reads: Assurance = Assurance.knowledge
    writes: Assurance = Assurance.knowledge


class ToolPolicy(Protocol):
    """Checks one back-office call before it is made."""

    @property
    def requirements(self) -> AssuranceRequirements:
        """The identity assurance it asks of reads and writes (a write may need a code)."""
        ...

    def check(self, tool: str, arguments: Mapping[str, Any], session: Session) -> Denial | None:
        """None when the call is allowed, else the rule it breaks."""
        ...
