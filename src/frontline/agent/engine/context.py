"""One turn's working set: the state, what was understood, the tools, and the replies so far."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from frontline.agent.engine.flows import FlowSpec
from frontline.agent.engine.policy import Denial
from frontline.agent.engine.replies import Replies
from frontline.agent.engine.state import AgentState, Frame
from frontline.agent.engine.tools import CallResult, Toolbox
from frontline.agent.reading.results import Understanding
from frontline.domain.assurance import Assurance
from frontline.domain.conversations import Handoff, Reply


@dataclass(slots=True)
class TurnContext:
    state: AgentState
    understanding: Understanding
    tools: Toolbox
    replies: Replies
    flows: Mapping[str, FlowSpec]
    out: list[Reply] = field(default_factory=list)
    handoff: Handoff | None = None
    resolved: bool = False  # the customer is done (goodbye after everything was handled)
    target: Frame | None = None  # the frame this message answers (None: a new request)
    answered_order: bool = False  # this message picked the order ("the 15-inch one")
    _catalog: dict[str, str] | None = None  # read once a turn

    @property
    def text(self) -> str:
        return self.understanding.text

    def say(
        self, key: str, *, awaiting: str | None = None, options: Sequence[str] = (), **facts: Any
    ) -> None:
        if awaiting is not None:
            self._count_question(f"{awaiting}:{key}:{sorted(facts.items())!r}", None)
        self._reply(key, awaiting, options, facts)

    def ask(
        self, frame: Frame, slot: str, key: str, options: Sequence[str] = (), **facts: Any
    ) -> None:
        frame.asked = slot
        question = f"{frame.flow}:{slot}:{key}:{sorted(facts.items())!r}:{list(options)!r}"
        self._count_question(question, frame)
        self._reply(key, _awaiting(slot), options, facts)

    def _reply(
        self, key: str, awaiting: str | None, options: Sequence[str], facts: Mapping[str, Any]
    ) -> None:
        text = self.replies.render(key, self.state.turns + len(self.out), **facts)
        self.out.append(Reply(text=text, awaiting=awaiting, options=tuple(options)))

    def _count_question(self, question: str, frame: Frame | None) -> None:
        """``times_asked``: turns in a row that this very question was asked again after an
        answer to it (a digression that asks nothing does not count; any other question, in
        this turn or between, starts the count again)."""
        last, _, turn = self.state.last_question.rpartition("@")
        if last != question:
            self.state.times_asked = 1
        elif turn != str(self.state.turns) and frame is not None and self.target is frame:
            self.state.times_asked += 1
        self.state.last_question = f"{question}@{self.state.turns}"

    def call(
        self, name: str, arguments: Mapping[str, Any], *, confirmed: bool = False
    ) -> CallResult:
        return self.tools.call(
            name,
            arguments,
            user_id=self.state.user_id,
            confirmed=confirmed,
            assurance=self.assurance,
        )

    def precheck(self, name: str, arguments: Mapping[str, Any]) -> Denial | None:
        return self.tools.precheck(
            name, arguments, user_id=self.state.user_id, assurance=self.assurance
        )

    @property
    def assurance(self) -> Assurance:
        """How surely the verified customer is the person chatting (knowledge by default)."""
        level = self.state.assurance
        return Assurance(level) if level else Assurance.knowledge

    def order(self, order_id: str, *, fresh: bool = False) -> dict[str, Any] | None:
        """The customer's order (read once per conversation unless ``fresh``)."""
        if not fresh and order_id in self.state.orders:
            return self.state.orders[order_id]
        result = self.call("get_order_details", {"order_id": order_id})
        if not result.ok or not isinstance(result.value, dict):
            return None
        self.state.orders[order_id] = result.value
        return result.value

    def product(self, product_id: str) -> dict[str, Any] | None:
        if product_id in self.state.products:
            return self.state.products[product_id]
        result = self.call("get_product_details", {"product_id": product_id})
        if not result.ok or not isinstance(result.value, dict):
            return None
        self.state.products[product_id] = result.value
        return result.value

    def catalog(self) -> dict[str, str]:
        """The store's product names, each with its product id (read once a turn)."""
        if self._catalog is None:
            value = self.call("list_all_product_types", {}).value
            data = json.loads(value) if isinstance(value, str) else value
            found = data.items() if isinstance(data, dict) else ()
            self._catalog = {str(k): str(v) for k, v in found}
        return self._catalog

    def asked_last(self, key: str) -> bool:
        """The question asked last was the reply ``key`` (said with ``say``)."""
        return self.state.last_question.split(":", 2)[1:2] == [key]

    def user(self, *, fresh: bool = False) -> dict[str, Any] | None:
        if self.state.user_id is None:
            return None
        if self.state.user is not None and not fresh:
            return self.state.user
        result = self.call("get_user_details", {"user_id": self.state.user_id})
        if result.ok and isinstance(result.value, dict):
            self.state.user = result.value
        return self.state.user

    def customer_orders(self) -> list[dict[str, Any]]:
        user = self.user()
        found = [self.order(str(order_id)) for order_id in (user or {}).get("orders") or []]
        return [o for o in found if o is not None]


# What the API says the agent waits for, per slot kind or name.
_AWAITING = {
    "order": "order_id",
    "items": "items",
    "new_items": "item_options",
    "reason": "reason",
    "payment_method": "payment_method",
    "address": "address",
    "product": "free_text",
    "identity": "identity",
    "identity_code": "identity_code",
    "confirmation": "confirmation",
    "anything_else": "anything_else",
}


def _awaiting(slot: str) -> str:
    return _AWAITING.get(slot, "free_text")
