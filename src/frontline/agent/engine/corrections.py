"""Changing a pending action before the customer's yes.

"No, only the lamp", "also the mouse", "actually use my PayPal", "wait, not that order", "make
it the black one": the message changes the slots it names, the later slots that depend on
them are read again, and the agent lists the changed action for a new yes.
"""

from __future__ import annotations

import re
from typing import Any

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.dialogue import confirmation_answer
from frontline.agent.engine.flows import FlowSpec, SlotKind
from frontline.agent.engine.state import Frame
from frontline.agent.reading.mentions import Mention, mentioned_items
from frontline.agent.retail.addresses import parse_address
from frontline.agent.retail.slots import REASONS, payment_mentions
from frontline.agent.retail.slots.choices import ITEM_NUMBER, order_ids
from frontline.agent.retail.slots.descriptions import NOT_CLOSING, described_order
from frontline.agent.retail.slots.details import names_other_orders_address
from frontline.agent.retail.slots.items import chosen_items, described_twin, kept_items
from frontline.agent.retail.slots.orders import target_order_ids
from frontline.agent.retail.wishes import read_wishes

_OTHER_ORDER = re.compile(
    r"\b(?:not|wrong|other|different) (?:that |this |the )?order\b|\bnot (?:that|this) one\b",
    re.IGNORECASE,
)
_GOVERNS = re.compile(r"\s*(?:about\s+)?(?:the|my|that|this|those|these)?\s*", re.IGNORECASE)
_ONLY = re.compile(r"\b(?:only|just)\b", re.IGNORECASE)
_REMOVE = re.compile(
    r"\b(?:not|except|remove|without|drop|forget|skip|never ?mind|no longer"
    r"|(?:leave|keep)(?!\s+(?:the\s+)?(?:same|current|original|its|their)\b))\b",  # not "keep the same size"
    re.IGNORECASE,
)
_ADD_VERB = re.compile(r"\b(?:return|exchange|change|swap|modify|include)\b", re.IGNORECASE)
_EVERYTHING = re.compile(
    # not "i think that's everything", which closes what was said
    rf"\b{NOT_CLOSING}"
    r"(?:everything|all (?:the |of the )?items|all of (?:it|them))\b",
    re.IGNORECASE,
)
_ADD = re.compile(r"\b(?:also|too|as well|add|plus|and the)\b", re.IGNORECASE)
ALL_DROPPED = "_all_dropped"  # a frame slot: the message left out every item of the request


def apply_corrections(
    ctx: TurnContext, frame: Frame, flow: FlowSpec, *, answering: SlotKind | None = None
) -> bool:
    """True when the message changed something of the pending action.

    While the agent waits for a slot (``answering``), only the slots filled before it can be
    corrected ("forget the keyboard" while asked for the keyboard's new options); at the
    confirmation, all of them.
    """
    order = [s.kind for s in flow.slots]
    allowed = set(order[: order.index(answering)]) if answering in order else set(order)
    kinds = {s.kind: s.name for s in flow.slots if s.kind in allowed}
    changed = False
    if SlotKind.order in kinds and kinds[SlotKind.order] in frame.slots:
        changed |= _order(ctx, frame, kinds)
    if not changed and SlotKind.items in kinds:
        changed |= _items(ctx, frame, kinds)
    if SlotKind.new_items in kinds:
        changed |= _new_items(ctx, frame, kinds)
    if SlotKind.payment_method in kinds:
        changed |= _payment(ctx, frame, kinds[SlotKind.payment_method])
    if SlotKind.reason in kinds:
        changed |= _reason(ctx, frame, kinds[SlotKind.reason])
    if SlotKind.address in kinds:
        changed |= _address(ctx, frame, kinds[SlotKind.address])
    return changed


def _forget(frame: Frame, *names: str) -> None:
    for name in names:
        frame.slots.pop(name, None)
        frame.slots.pop(f"_offered_{name}", None)


def _order(ctx: TurnContext, frame: Frame, kinds: dict[SlotKind, str]) -> bool:
    ids = target_order_ids(ctx.text)
    current = frame.slots.get(kinds[SlotKind.order])
    other = [i for i in ids if i != current]
    candidates = [
        o for o in (ctx.order(i) for i in frame.slots.get("_order_candidates") or []) if o
    ]
    described = described_order(ctx.text, candidates) if candidates else None
    if described is not None and described["order_id"] != current:
        _forget(frame, *kinds.values(), "_new")
        frame.slots["_order_hint_quiet"] = described["order_id"]
        return True
    if ids and not other and frame.asked not in (None, "confirmation"):
        return True  # the order already under discussion, named again: ask the question again
    lends_address = set(order_ids(ctx.text)) - set(ids)  # "the same place as my other order #W5"
    if not other and (
        not _OTHER_ORDER.search(ctx.text) or names_other_orders_address(ctx.text) or lends_address
    ):
        return False  # "the address on my other order" names an address, not this order
    _forget(frame, *kinds.values(), "_new")
    if current and not other:
        frame.slots.setdefault("_not_orders", []).append(current)  # "not that order"
    return True


def _items(ctx: TurnContext, frame: Frame, kinds: dict[SlotKind, str]) -> bool:
    name = kinds[SlotKind.items]
    if kinds[SlotKind.order] not in frame.slots or name not in frame.slots:
        return False
    order = ctx.order(str(frame.slots[kinds[SlotKind.order]]))
    if order is None:
        return False
    items: list[dict[str, Any]] = order.get("items") or []
    current = [str(i) for i in frame.slots.get(name) or []]
    # "yep, one water bottle, the toothbrush and the laptop": a yes that lists more items
    # than were planned asks for them too (and is asked to confirm again)
    restating = frame.asked == "confirmation" and confirmation_answer(ctx.text) is True
    kept, dropped, only = _item_changes(ctx.text, items, restating)
    if restating:  # "yes, the 4-hour earbuds": a restated name never adds a planned item's twin
        planned = {str(i["name"]) for i in items if str(i["item_id"]) in current}
        kept = [i for i in kept if i in current or _name_of(items, i) not in planned]
    kept += [i for i in _numbered_items(ctx, items) if i not in kept]
    every = chosen_items(ctx.text, items) if _EVERYTHING.search(ctx.text) else None
    if every:  # "then return everything in that order", "all but the lamp"
        chosen = [str(items[i]["item_id"]) for i in every]
    elif not kept and not dropped:
        return False
    elif only:
        chosen = [i for i in dict.fromkeys(kept) if i not in dropped]
    else:
        chosen = [i for i in current if i not in dropped]
        chosen += [i for i in kept if i not in chosen]
    if not chosen and current and set(current) <= set(dropped):
        frame.slots[ALL_DROPPED] = True  # "ok keep the boots then": nothing is left to do
        return True
    if not chosen or chosen == current:
        return False
    frame.slots[name] = chosen
    _forget(frame, kinds.get(SlotKind.new_items, "_none"))
    return True


def _name_of(items: list[dict[str, Any]], item_id: str) -> str:
    return next(str(i["name"]) for i in items if str(i["item_id"]) == item_id)


def _numbered_items(ctx: TurnContext, items: list[dict[str, Any]]) -> list[str]:
    """Items named by a number: their item id, their product's id, or a variant of their
    product ("also change item 1656367028 to item 1421289881")."""
    numbers = set(ITEM_NUMBER.findall(ctx.text))
    found = []
    for item in items if numbers else ():
        product = ctx.product(str(item["product_id"])) or {}
        ids = {str(item["item_id"]), str(item["product_id"]), *(product.get("variants") or {})}
        if numbers & ids:
            found.append(str(item["item_id"]))
    return found


_CLAUSE = re.compile(r"[,.;:!?]+|\b(?:but|and|then)\b", re.IGNORECASE)


def _one_of_like_items(
    clause: str, items: list[dict[str, Any]], mentions: list[Mention]
) -> list[Mention]:
    """ "just the 3 foot bookshelf" of two bookshelves: the one its words describe."""
    twins = [m.index for m in mentions]
    if len({str(items[i]["name"]) for i in twins}) != 1 or len(set(twins)) < 2:
        return mentions
    described = described_twin(clause, items, sorted(set(twins)))
    return [m for m in mentions if m.index == described] if described is not None else mentions


def _item_changes(
    text: str, items: list[dict[str, Any]], restating: bool = False
) -> tuple[list[str], list[str], bool]:
    """Items the message keeps or adds, items it drops, and whether it says "only"/"just";
    ``restating`` (a yes that lists the items) keeps every item it names."""
    kept: list[str] = []
    dropped: list[str] = []
    only = False
    for clause in _CLAUSE.split(text):
        mentions = _one_of_like_items(clause, items, mentioned_items(clause, items))
        named = [str(items[m.index]["item_id"]) for m in mentions]
        if not named:
            continue
        cues = [c.end() for c in _REMOVE.finditer(clause)]
        if cues:  # "forget the lamp", not "tablet: keep the 7-inch screen" or "not waterproof
            # keyboard with linear switches": the word must stand right before the item
            dropped += [
                n
                for n, m in zip(named, mentions, strict=True)
                if any(_GOVERNS.fullmatch(clause[c : m.start]) for c in cues if c <= m.start)
            ]
            continue
        said_only = bool(_ONLY.search(clause))
        only = only or said_only
        if restating or said_only or _ADD.search(clause) or _ADD_VERB.search(clause):
            kept += named
    if only:  # "the puzzle and the camera, those are the only two": the whole list is kept
        mentions = _one_of_like_items(text, items, mentioned_items(text, items))
        left_out = kept_items(text, items)  # "just the grill. The kettle and lamp are fine"
        every = [str(items[m.index]["item_id"]) for m in mentions if m.index not in left_out]
        kept += [i for i in every if i not in kept and i not in dropped]
    return kept, dropped, only


def _new_items(ctx: TurnContext, frame: Frame, kinds: dict[SlotKind, str]) -> bool:
    order = ctx.order(str(frame.slots.get(kinds[SlotKind.order])))
    item_ids = [str(i) for i in frame.slots.get(kinds[SlotKind.items]) or []]
    if order is None or not item_ids:
        return False
    items = {str(i["item_id"]): i for i in order.get("items") or []}
    chosen: dict[str, str] = dict(frame.slots.get("_new") or {})
    single = len(item_ids) == 1
    mentions = mentioned_items(ctx.text, list(items.values()))
    changed = False
    for item_id in item_ids:
        item = items[item_id]
        product = ctx.product(str(item["product_id"]))
        named = any(list(items.values())[m.index]["item_id"] == item_id for m in mentions)
        if product is None or not (single or named):
            continue
        current = item.get("options") or {}
        wishes = read_wishes(ctx.text, product, current)
        if confirmation_answer(ctx.text) is True:
            # "yes, the 4-hour earbuds and the camera": a yes that names the items as they
            # are describes them; only a wish for something else changes the request
            wishes = [w for w in wishes if current.get(w.option) not in (w.values or ())]
        if wishes:
            chosen.pop(item_id, None)
            changed = True
    if changed or set(chosen) - set(item_ids) or len(chosen) < len(item_ids):
        frame.slots["_new"] = {k: v for k, v in chosen.items() if k in item_ids}
        _forget(frame, kinds[SlotKind.new_items])
    return changed


def _payment(ctx: TurnContext, frame: Frame, name: str) -> bool:
    user = ctx.user() or {}
    methods = user.get("payment_methods") or {}
    order = ctx.order(str(frame.slots["order"])) if "order" in frame.slots else None
    history = (order or {}).get("payment_history") or []
    original = str(history[0]["payment_method_id"]) if history else None
    found = payment_mentions(ctx.text, methods, original)
    if not found or frame.slots.get(name) in found:
        return False
    _forget(frame, name)
    return True


def _reason(ctx: TurnContext, frame: Frame, name: str) -> bool:
    for reason, pattern in REASONS.items():
        if pattern.search(ctx.text) and frame.slots.get(name) != reason:
            frame.slots[name] = reason
            return True
    return False


def _address(ctx: TurnContext, frame: Frame, name: str) -> bool:
    parsed = parse_address(ctx.text)
    if parsed is None or parsed.to_backoffice() == frame.slots.get(name):
        return False
    frame.slots[name] = parsed.to_backoffice()
    return True
