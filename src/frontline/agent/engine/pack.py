"""What a business supplies to the engine: its processes, words, rules and replies.

The engine (``frontline.agent.engine``) knows turns, dialogue, flows, tools and hand-offs; a
pack knows a business. ``frontline.agent.retail.pack.RETAIL`` is the online store's::

    Pack
    ├── flows_dir         one YAML flow file per business process (engine/flows.py reads them)
    ├── replies_dir       one YAML file of reply templates per language (engine/replies.py)
    ├── policy_text       the policy sections a policy question is answered from
    ├── intent_examples   the intents' training examples (reading/examples.py)
    ├── intent_contexts   openers and closers learnt around every example
    ├── key_words         the words a misspelling is read as ("retrun" → "return")
    ├── slot_fillers      SlotKind → how a slot of that kind is read or asked for
    ├── describe          how the business's records read in a reply (money, items, ...)
    ├── answerers(...)    flow name → a read-only answer (order status, product info, ...)
    └── policy(...)       the rules every back-office call is checked against

Another business implements the same members; ``Agent(..., pack=...)`` takes the one to run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

if TYPE_CHECKING:
    from frontline.agent.engine.context import TurnContext
    from frontline.agent.engine.flows import SlotKind, SlotSpec
    from frontline.agent.engine.policy import AssuranceRequirements, ToolPolicy
    from frontline.agent.engine.policy_answers import PolicyKnowledge
    from frontline.agent.engine.state import Frame
    from frontline.backoffice.port import BackOffice


class Fill(StrEnum):
    """What a slot filler did with a slot."""

    filled = "filled"  # the slot has a value now
    asked = "asked"  # a reply asks the customer for it
    ended = "ended"  # the request cannot go on (explained to the customer)


SlotFiller: TypeAlias = "Callable[[TurnContext, Frame, SlotSpec], Fill]"
Answer: TypeAlias = "Callable[[TurnContext, Frame], None]"


class RecordDescription(Protocol):
    """How back-office records read in a reply; every word comes from the record itself."""

    def money(self, amount: float) -> str: ...

    def join_words(self, words: Iterable[str]) -> str: ...

    def order_total(self, order: Mapping[str, Any]) -> float: ...

    def item_line(self, item: Mapping[str, Any]) -> str: ...

    def options_text(self, options: Mapping[str, Any]) -> str: ...

    def payment_label(self, method: Mapping[str, Any]) -> str: ...

    def address_text(self, address: Mapping[str, Any]) -> str: ...


class Pack(Protocol):
    """A business the engine can serve (see the module docstring)."""

    @property
    def name(self) -> str: ...

    @property
    def flows_dir(self) -> Path: ...

    @property
    def replies_dir(self) -> Path: ...

    @property
    def policy_text(self) -> Path: ...

    @property
    def intent_examples(self) -> Path: ...

    @property
    def intent_contexts(self) -> Path: ...

    @property
    def key_words(self) -> Path: ...

    @property
    def slot_fillers(self) -> Mapping[SlotKind, SlotFiller]: ...

    @property
    def describe(self) -> RecordDescription: ...

    def answerers(self, knowledge: PolicyKnowledge) -> dict[str, Answer]:
        """Flow name → its read-only answer, the policy questions answered from ``knowledge``."""
        ...

    def policy(
        self, backoffice: BackOffice, requirements: AssuranceRequirements | None
    ) -> ToolPolicy:
        """The rules every back-office call of one agent is checked against."""
        ...
