"""What the understanding engine says about one customer message.

All result types are frozen dataclasses with a ``to_dict`` that gives the JSON shape the CLI
prints (``frontline nlu predict``)::

    Understanding
    ├── intent: str, confidence: float, oos: bool     the best intent of the whole message
    ├── intents: [IntentScore]                        top-k intents with calibrated scores
    ├── requests: [IntentSpan]                        one per request when a message has several
    ├── entities: [Entity]                            order ids, emails, products, options, ...
    ├── acts: [DialogueAct]                           affirm, deny, thanks, ask for a human, ...
    ├── sentiment: Sentiment                          polarity, frustration, urgency
    └── language: LanguageGuess
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

OOS = "oos"  # the label of out-of-scope training examples and predictions


class EntityKind(StrEnum):
    ORDER_ID = "order_id"  # back-office order id, default pattern "#W" + 7 digits
    EMAIL = "email"
    PHONE = "phone"
    ZIP_CODE = "zip_code"  # US 5-digit (or ZIP+4) postal code
    PERSON = "person"  # a full name the customer gives ("this is Yusuf Rossi")
    AMOUNT = "amount"  # money, value normalised to a decimal string
    DATE = "date"  # value normalised to ISO yyyy-mm-dd when possible, else the words
    PAYMENT_METHOD = "payment_method"  # value: paypal | gift_card | credit_card (+ last four)
    PRODUCT = "product"  # a catalog product; value is its product id
    OPTION = "option"  # a catalog option value; value is "name=value" (e.g. "color=blue")


class DialogueAct(StrEnum):
    AFFIRM = "affirm"  # yes, go ahead
    DENY = "deny"  # no, don't
    CORRECTION = "correction"  # actually, I meant ...
    THANKS = "thanks"
    GREETING = "greeting"
    GOODBYE = "goodbye"
    ASK_HUMAN = "ask_human"  # wants a person, not the bot
    COMPLAINT = "complaint"  # the customer states a grievance


@dataclass(frozen=True, slots=True)
class IntentScore:
    intent: str
    score: float  # calibrated probability in [0, 1]


@dataclass(frozen=True, slots=True)
class IntentSpan:
    """One request inside a message that carries several ("cancel X and track Y")."""

    intent: str
    confidence: float
    start: int  # character offsets into the original text, end exclusive
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    kind: EntityKind
    value: str  # normalised value (order id, ISO date, product id, "color=blue", ...)
    text: str  # the words as written
    start: int
    end: int
    score: float = 1.0  # 1.0 for patterns; fuzzy similarity in [0, 1] for catalog matches


@dataclass(frozen=True, slots=True)
class Sentiment:
    polarity: float  # -1 (very negative) .. +1 (very positive)
    label: str  # "negative" | "neutral" | "positive"
    frustration: float  # 0..1: annoyed, sarcastic, repeated contact, threats to leave
    urgency: float  # 0..1: asks for speed, deadlines, escalation
    frustrated: bool
    urgent: bool


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    code: str  # ISO 639-1, or "und" when unknown (empty, binary, too short)
    confidence: float
    mixed_script: bool = False  # several writing systems in one message


@dataclass(frozen=True, slots=True)
class Understanding:
    text: str
    intent: str
    confidence: float
    oos: bool
    intents: tuple[IntentScore, ...] = ()
    requests: tuple[IntentSpan, ...] = ()
    entities: tuple[Entity, ...] = ()
    acts: tuple[DialogueAct, ...] = ()
    sentiment: Sentiment = field(
        default_factory=lambda: Sentiment(0.0, "neutral", 0.0, 0.0, frustrated=False, urgent=False)
    )
    language: LanguageGuess = field(default_factory=lambda: LanguageGuess("und", 0.0))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; enums become their string values."""
        data = asdict(self)
        data["acts"] = [str(act) for act in self.acts]
        data["entities"] = [{**asdict(e), "kind": str(e.kind)} for e in self.entities]
        return data
