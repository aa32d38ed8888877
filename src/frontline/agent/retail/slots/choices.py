"""What every slot filler shares: the words to read, the choices offered, the picks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.pack import Fill
from frontline.agent.engine.state import Frame
from frontline.agent.reading.entities import extract_entities
from frontline.agent.reading.results import DialogueAct, EntityKind

MAX_OPTIONS = 8


def sources(ctx: TurnContext, frame: Frame) -> list[str]:
    """The words to read a slot from, newest first: this message when it is for this frame,
    the earlier answers to this request, then the words that started it."""
    texts = [ctx.text] if ctx.target is frame else []
    for text in [*reversed(frame.said), frame.text]:
        if text and text not in texts:
            texts.append(text)
    return texts


_BARE_ORDER_NUMBER = re.compile(
    r"(?:\border(?: number| id| no\.?)?\s*#?|#)\s*(\d{7})\b", re.IGNORECASE
)


ITEM_NUMBER = re.compile(r"(?<![#\w])\d{10}\b")  # an item, variant or product id
_ONLY_A_NUMBER = re.compile(r"(?:^\W*|\b(?:it'?s|it is|number is)\s+#?)(\d{7})\W*$", re.IGNORECASE)


def order_ids(text: str) -> list[str]:
    """Order ids in ``text``; "order 9502126", "#9502126" or just "9502126" read as "#W9502126"."""
    found = [e.value for e in extract_entities(text) if e.kind is EntityKind.ORDER_ID]
    return found + [
        f"#W{digits}" for digits in _BARE_ORDER_NUMBER.findall(text) + _ONLY_A_NUMBER.findall(text)
    ]


# Choices offered as options


def offer(
    ctx: TurnContext,
    frame: Frame,
    slot: str,
    key: str,
    choices: Sequence[tuple[str, str]],
    **facts: Any,
) -> Fill:
    """Ask for ``slot`` with up to ``MAX_OPTIONS`` choices (label, value) as quick replies."""
    shown = list(choices)[:MAX_OPTIONS]
    frame.slots[f"_offered_{slot}"] = [[label, value] for label, value in shown]
    ctx.ask(frame, slot, key, options=[label for label, _ in shown], **facts)
    return Fill.asked


_ORDINALS = {
    "first": 0,
    "1st": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "fourth": 3,
    "last": -1,
}


def picked_option(ctx: TurnContext, frame: Frame, text: str, slot: str) -> str | None:
    """The value of an offered choice the customer picked: its label, its value, or "the second"."""
    offered = frame.slots.get(f"_offered_{slot}") or []
    if not offered or text != ctx.text or ctx.target is not frame:
        return None
    cleaned = text.strip().lower().rstrip(".!")
    for label, value in offered:
        if cleaned in (label.lower(), str(value).lower()):
            return str(value)
    words = cleaned.split()
    for word, index in _ORDINALS.items():
        if word in words and len(words) <= 6 and -len(offered) <= index < len(offered):
            return str(offered[index][1])
    return None


def is_correction(ctx: TurnContext) -> bool:

    return DialogueAct.CORRECTION in ctx.understanding.acts
