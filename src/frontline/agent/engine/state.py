"""What the agent remembers about one conversation between turns.

The state is a plain JSON document (stored per conversation) with this shape::

    AgentState
    ├── user_id, user            the authenticated back-office customer (None before)
    ├── orders, products         back-office records read in this conversation (a cache)
    ├── frames: [Frame]          the flow stack; the last frame is the active one
    │    └── flow, slots, asked, pending, notes
    ├── last_question, times_asked   the question asked last, and how often in a row
    ├── misunderstood            consecutive turns the agent could not understand
    ├── identity_failures        failed identity lookups
    ├── assurance                how surely user_id is the person chatting (domain.assurance)
    ├── conversation_id, code    the conversation (set by the service), and the state of a
    │                            one-time code: "requested" by the agent, "sent" by the service
    ├── handed_off               True once the conversation went to a human
    └── guide                    a troubleshooting walk in progress

A turn works on a private copy (``AgentState.from_json``) and returns the new document, so the
dataclasses here are mutable on purpose: they are the turn's scratch pad, never shared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson

STATE_VERSION = 1
# a frame slot a filler sets with its question when the answer says what the customer has,
# not what they want ("which of the two pairs?": "the blue pair")
ASKS_WHAT_IS = "_asks_what_is"


@dataclass(slots=True)
class Frame:
    """One business process in progress: a flow, its filled slots and what it asked last."""

    flow: str
    slots: dict[str, Any] = field(default_factory=dict)
    asked: str | None = None  # the slot the agent asked for last (the Reply's ``awaiting``)
    pending: dict[str, Any] | None = None  # the write waiting for the customer's yes
    text: str = ""  # the customer's words that started this request (read for slots)
    said: list[str] = field(default_factory=list)  # later messages answering this request
    notes: list[str] = field(default_factory=list)  # facts for the hand-off summary

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Frame:
        return cls(
            flow=str(data["flow"]),
            slots=dict(data.get("slots") or {}),
            asked=data.get("asked"),
            pending=data.get("pending"),
            text=str(data.get("text") or ""),
            said=[str(t) for t in data.get("said") or []],
            notes=list(data.get("notes") or []),
        )


@dataclass(slots=True)
class AgentState:
    user_id: str | None = None
    user: dict[str, Any] | None = None
    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    frames: list[Frame] = field(default_factory=list)
    misunderstood: int = 0
    identity_failures: int = 0
    pending_identity: dict[str, str] = field(default_factory=dict)  # name or zip given so far
    handed_off: bool = False
    turns: int = 0
    done: list[str] = field(default_factory=list)  # what was done, for the hand-off summary
    handoff_after_identity: str | None = None  # a hand-off reason waiting for verification
    last_order: str | None = None  # the order talked about last ("cancel it instead")
    refunded: float = 0.0  # money back to the customer from what was done here
    lost_orders: list[str] = field(default_factory=list)  # the customer lost an item of these
    last_address: dict[str, str] | None = None  # the address talked about last ("make it ...")
    former_address: dict[str, Any] | None = None  # the default address before it was changed
    last_question: str = ""  # the question asked last: flow, slot, reply, facts, turn
    times_asked: int = 0  # turns in a row that very question was asked after an answer to it
    guide: dict[str, Any] | None = None  # a troubleshooting walk in progress (engine/guides.py)
    assurance: str | None = None  # an Assurance value once the customer is verified
    conversation_id: str | None = None  # the conversation this state is of (the service sets it)
    code: str | None = None  # a one-time code "requested" (this turn) or "sent" (waiting for it)

    @property
    def frame(self) -> Frame | None:
        return self.frames[-1] if self.frames else None

    def to_json(self) -> dict[str, Any]:
        # a deep copy in one pass: the document shares nothing with this scratch pad
        data: dict[str, Any] = orjson.loads(orjson.dumps(self, option=orjson.OPT_NON_STR_KEYS))
        data["version"] = STATE_VERSION
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> AgentState:
        if not data:
            return cls()
        return cls(
            user_id=data.get("user_id"),
            user=data.get("user"),
            orders=dict(data.get("orders") or {}),
            products=dict(data.get("products") or {}),
            frames=[Frame.from_json(f) for f in data.get("frames") or []],
            misunderstood=int(data.get("misunderstood") or 0),
            identity_failures=int(data.get("identity_failures") or 0),
            pending_identity=dict(data.get("pending_identity") or {}),
            handed_off=bool(data.get("handed_off")),
            turns=int(data.get("turns") or 0),
            done=list(data.get("done") or []),
            refunded=float(data.get("refunded") or 0.0),
            last_order=data.get("last_order"),
            handoff_after_identity=data.get("handoff_after_identity"),
            last_address=data.get("last_address"),
            lost_orders=list(data.get("lost_orders") or []),
            former_address=data.get("former_address"),
            last_question=str(data.get("last_question") or ""),
            times_asked=int(data.get("times_asked") or 0),
            guide=data.get("guide"),
            assurance=data.get("assurance"),
            conversation_id=data.get("conversation_id"),
            code=data.get("code"),
        )
