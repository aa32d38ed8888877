"""Filling a flow's slots from what the customer wrote, or asking for them.

Each ``fill_*`` reads the customer's words (this message first, then the words that started
the request), checks them against the back office, and either fills the slot, asks (with the
choices as options), or ends the request with an explanation (nothing eligible).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from frontline.agent import describe
from frontline.agent.addresses import address_from_backoffice, parse_address
from frontline.agent.context import TurnContext
from frontline.agent.flows.spec import PaymentRule, SlotKind, SlotSpec
from frontline.agent.mentions import find_mentions, mentioned_items
from frontline.agent.state import Frame
from frontline.agent.understanding.results import EntityKind
from frontline.agent.variants import ChoiceStatus, Wish, choose_variant, describe_options
from frontline.agent.wishes import read_wishes

MAX_OPTIONS = 8


class Fill(StrEnum):
    filled = "filled"  # the slot has a value now
    asked = "asked"  # a reply asks the customer for it
    ended = "ended"  # the request cannot go on (explained to the customer)


def sources(ctx: TurnContext, frame: Frame) -> list[str]:
    """The words to read a slot from, newest first: this message when it is for this frame,
    the earlier answers to this request, then the words that started it."""
    texts = [ctx.text] if ctx.target is frame else []
    for text in [*reversed(frame.said), frame.text]:
        if text and text not in texts:
            texts.append(text)
    return texts


def fill(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    return _FILLERS[slot.kind](ctx, frame, slot)


# Orders


def _order_ids(text: str) -> list[str]:
    from frontline.agent.understanding.entities import extract_entities

    return [e.value for e in extract_entities(text) if e.kind is EntityKind.ORDER_ID]


_ALL_ORDERS = re.compile(
    r"\b(?:all|both|each|every)\b[^.?!]{0,25}\borders?\b|\b(?:both|all) of them\b", re.IGNORECASE
)


def fill_order(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    hint = frame.slots.pop("_order_hint", None)
    if hint:
        ctx.say("next_order", order_id=hint, title=ctx.flows[frame.flow].title)
        return _take_order(ctx, frame, slot, str(hint))
    for text in sources(ctx, frame):
        ids = list(dict.fromkeys(_order_ids(text)))
        if ids:
            if _is_correction(ctx) and ctx.target is frame:
                ids = ids[-1:]
            return _take_orders(ctx, frame, slot, ids)
        picked = _picked_option(ctx, frame, text, "order")
        if picked:
            return _take_order(ctx, frame, slot, picked)
    eligible = _eligible_orders(ctx, slot)
    if not eligible:
        ctx.say("no_eligible_orders", statuses=describe.join_words(slot.statuses) or "open")
        return Fill.ended
    for text in sources(ctx, frame):
        if len(eligible) > 1 and _ALL_ORDERS.search(text):
            return _take_orders(ctx, frame, slot, [str(o["order_id"]) for o in eligible])
        with_items = _orders_with_named_items(text, eligible)
        if with_items and _items_in_several(text, with_items):
            return _take_orders(ctx, frame, slot, [str(o["order_id"]) for o in with_items])
        if len(with_items) == 1:
            return _take_order(ctx, frame, slot, str(with_items[0]["order_id"]))
        if with_items:
            eligible = with_items
            break
    if len(eligible) == 1 and slot.statuses:
        return _take_order(ctx, frame, slot, str(eligible[0]["order_id"]))
    return _offer(
        ctx,
        frame,
        "order",
        "ask_order",
        [(describe.order_option(o), str(o["order_id"])) for o in eligible],
    )


def _orders_with_named_items(text: str, orders: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The orders holding an item the text names; names are matched across all the orders, so
    "electric kettle" does not also pick an order's "Tea Kettle" by its head noun."""
    names = sorted({str(i["name"]) for o in orders for i in o.get("items") or []})
    named = {names[m.index] for m in find_mentions(text, names)}
    return [o for o in orders if any(i["name"] in named for i in o.get("items") or [])]


def _items_in_several(text: str, orders: list[dict[str, Any]]) -> bool:
    """True when the items named are spread over several orders (each has one the others lack)."""
    if len(orders) < 2:
        return False
    names = sorted({str(i["name"]) for o in orders for i in o["items"]})
    mentioned = {names[m.index] for m in find_mentions(text, names)}
    named = [{str(i["name"]) for i in o["items"]} & mentioned for o in orders]
    return all(names - set().union(*(n for j, n in enumerate(named) if j != i)) for i, names in enumerate(named))


def _take_orders(ctx: TurnContext, frame: Frame, slot: SlotSpec, order_ids: list[str]) -> Fill:
    """The first order for this request; the same request follows for each of the others."""
    for other in reversed(order_ids[1:]):
        sibling = Frame(flow=frame.flow, text=frame.text, said=list(frame.said))
        sibling.slots["_order_hint"] = other
        ctx.state.frames.insert(ctx.state.frames.index(frame), sibling)
    return _take_order(ctx, frame, slot, order_ids[0])


def _eligible_orders(ctx: TurnContext, slot: SlotSpec) -> list[dict[str, Any]]:
    orders = ctx.customer_orders()
    return [o for o in orders if not slot.statuses or o["status"] in slot.statuses]


def _take_order(ctx: TurnContext, frame: Frame, slot: SlotSpec, order_id: str) -> Fill:
    order = ctx.order(order_id)
    if order is None:
        ctx.say("order_not_found", order_id=order_id)
        return _reoffer_orders(ctx, frame, slot)
    if slot.statuses and order["status"] not in slot.statuses:
        ctx.say(
            f"order_status_{frame.flow}"
            if ctx.replies.has(f"order_status_{frame.flow}")
            else "order_status_wrong",
            order_id=order_id,
            status=order["status"],
            needed=describe.join_words(slot.statuses),
        )
        frame.notes.append(f"order {order_id} is {order['status']}")
        tool = ctx.flows[frame.flow].action
        if tool is not None:
            ctx.precheck(tool.tool, {"order_id": order_id})
        return Fill.ended
    frame.slots[slot.name] = order_id
    frame.notes.append(f"order {order_id} ({order['status']})")
    return Fill.filled


def _reoffer_orders(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    eligible = _eligible_orders(ctx, slot)
    if not eligible:
        return Fill.ended
    return _offer(
        ctx,
        frame,
        "order",
        "ask_order",
        [(describe.order_option(o), str(o["order_id"])) for o in eligible],
    )


# Items


_ALL = re.compile(r"\b(?:all|every(?:thing)?|entire|whole)\b", re.IGNORECASE)
_EXCEPT = re.compile(r"\b(?:except|but not|other than|apart from|besides|but the)\b", re.IGNORECASE)
_ONLY = re.compile(r"\b(?:only|just)\b", re.IGNORECASE)
_ALSO = re.compile(r"\b(?:also|too|as well|and the|add)\b", re.IGNORECASE)


def chosen_items(text: str, items: Sequence[dict[str, Any]]) -> list[int] | None:
    """Indexes of the items ``text`` picks, or None when it names none."""
    mentions = mentioned_items(text, items)
    named = sorted({m.index for m in mentions})
    if _EXCEPT.search(text) and named and _ALL.search(text):
        return [i for i in range(len(items)) if i not in named]
    if named:
        return named
    if _ALL.search(text):
        return list(range(len(items)))
    return None


def fill_items(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    order = ctx.order(str(frame.slots["order"]))
    assert order is not None  # the order slot comes first and was read
    items = order.get("items") or []
    for text in sources(ctx, frame):
        picked = _picked_option(ctx, frame, text, "items")
        if picked:
            frame.slots[slot.name] = [picked]
            return Fill.filled
        indexes = chosen_items(text, items)
        if indexes:
            frame.slots[slot.name] = [str(items[i]["item_id"]) for i in indexes]
            return Fill.filled
    if len(items) == 1:
        frame.slots[slot.name] = [str(items[0]["item_id"])]
        return Fill.filled
    labels = [(describe.item_line(i), str(i["item_id"])) for i in items]
    return _offer(ctx, frame, "items", "ask_items", labels, order_id=order["order_id"])


# New items (exchange, modify)


def fill_new_items(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    order = ctx.order(str(frame.slots["order"]))
    assert order is not None
    items = {str(i["item_id"]): i for i in order.get("items") or []}
    item_ids = [str(i) for i in frame.slots["items"]]
    chosen: dict[str, str] = dict(frame.slots.get("_new") or {})
    for item_id in item_ids:
        if item_id in chosen:
            continue
        item = items[item_id]
        product = ctx.product(str(item["product_id"]))
        if product is None:
            ctx.say("product_unreadable", name=item["name"])
            return Fill.ended
        outcome = _choose_for(ctx, frame, item, product, item_ids)
        if outcome is None:
            frame.slots["_new"] = chosen
            return Fill.asked
        chosen[item_id] = outcome
    frame.slots["_new"] = chosen
    frame.slots[slot.name] = [chosen[i] for i in item_ids]
    return Fill.filled


def _choose_for(
    ctx: TurnContext,
    frame: Frame,
    item: dict[str, Any],
    product: dict[str, Any],
    item_ids: list[str],
) -> str | None:
    variants = product.get("variants") or {}
    asking = frame.asked == "new_items" and frame.slots.get("_asking") == item["item_id"]
    if asking and ctx.target is frame:
        picked = _picked_option(ctx, frame, ctx.text, "new_items")
        if picked:
            return picked
    wishes = _wishes_for(ctx, frame, item, product, item_ids, asking)
    cheapest = _cheapest(ctx, frame, item, product, wishes, item_ids, asking)
    if cheapest is not None:
        return cheapest
    if wishes:
        choice = choose_variant(product, str(item["item_id"]), wishes)
        if choice.status is ChoiceStatus.FOUND and choice.item_id:
            return choice.item_id
        options = [
            (describe.item_line({**variants[v], "name": product["name"]}), v)
            for v in choice.candidates
        ]
        frame.slots["_asking"] = item["item_id"]
        if choice.status is ChoiceStatus.AMBIGUOUS:
            _offer(ctx, frame, "new_items", "ask_variant_choice", options, name=product["name"])
        else:
            unmet = describe.join_words(
                describe_options({w.option: "/".join(w.values)}) for w in wishes if w.strict
            )
            key = "no_variant_alternatives" if options else "no_variant"
            _offer(ctx, frame, "new_items", key, options, name=product["name"], wanted=unmet)
        return None
    frame.slots["_asking"] = item["item_id"]
    if _names_other_product(ctx, frame, product):
        ctx.say("same_product_only", name=product["name"])
    available = [
        (describe.item_line({**v, "name": product["name"]}), k)
        for k, v in variants.items()
        if v.get("available") and k != item["item_id"]
    ]
    if not available:
        ctx.say("no_other_variant", name=product["name"])
        return None
    _offer(ctx, frame, "new_items", "ask_new_options", available, item=describe.item_label(item))
    return None


_CHEAPEST = re.compile(
    r"\b(?:cheapest|least expensive|lowest(?: |-)price[d]?|lowest cost|most affordable)\b",
    re.IGNORECASE,
)


def _cheapest(
    ctx: TurnContext,
    frame: Frame,
    item: dict[str, Any],
    product: dict[str, Any],
    wishes: list[Wish],
    item_ids: list[str],
    asking: bool,
) -> str | None:
    """ "The cheapest one": the lowest-priced available variant meeting the strict wishes."""
    texts = [
        ctx.text if asking and text == ctx.text else _segment_for(text, item, ctx, frame, item_ids)
        for text in sources(ctx, frame)
    ]
    if not any(_CHEAPEST.search(t) for t in texts):
        return None
    variants = product.get("variants") or {}
    fitting = [
        (float(v["price"]), k)
        for k, v in variants.items()
        if v.get("available")
        and k != item["item_id"]
        and all(v["options"].get(w.option) in w.values for w in wishes if w.strict)
    ]
    return min(fitting)[1] if fitting else None


def _wishes_for(
    ctx: TurnContext,
    frame: Frame,
    item: dict[str, Any],
    product: dict[str, Any],
    item_ids: list[str],
    asking: bool,
) -> list[Wish]:
    """Everything the customer wished for this item, oldest first; a later wish for the same
    option replaces the earlier one."""
    wishes: dict[str, Wish] = {}
    keep_rest = False  # "the exact same one but with clicky switches": nothing else changes
    for text in reversed(sources(ctx, frame)):
        whole = asking and text == ctx.text and ctx.target is frame
        segment = text if whole else _segment_for(text, item, ctx, frame, item_ids)
        if not segment:
            continue
        for wish in read_wishes(segment, product, item.get("options") or {}):
            wishes.pop(wish.option, None)
            wishes[wish.option] = wish
        keep_rest = keep_rest or bool(_SAME_BUT.search(segment))
    if wishes and keep_rest:
        for option, value in (item.get("options") or {}).items():
            if option not in wishes:
                wishes[option] = Wish(option, (value,), strict=True)
    return list(wishes.values())


def _names_other_product(ctx: TurnContext, frame: Frame, product: dict[str, Any]) -> bool:
    """The customer asks for another product ("the shoes for a backpack")."""
    result = ctx.call("list_all_product_types", {})
    names = [n for n in _product_types(result.value) if n != product["name"]]
    own = find_mentions(" ".join(sources(ctx, frame)), [str(product["name"])])
    others = find_mentions(" ".join(sources(ctx, frame)), names)
    return bool(others) and all(
        not (o.start >= m.start and o.end <= m.end) for o in others for m in own
    )


_SAME_BUT = re.compile(
    r"\b(?:same|identical|exact)\b[^.?!]{0,30}\b(?:but|except|only|just)\b", re.IGNORECASE
)


def _segment_for(
    text: str, item: dict[str, Any], ctx: TurnContext, frame: Frame, item_ids: list[str]
) -> str:
    """The part of ``text`` about ``item``: from the end of the other item named before it
    ("a bigger water bottle") to the next other item's name."""
    order = ctx.order(str(frame.slots["order"]))
    assert order is not None
    items = order.get("items") or []
    mentions = mentioned_items(text, items)
    if len(item_ids) == 1 and not mentions:
        return text
    mine = [m for m in mentions if str(items[m.index]["item_id"]) == item["item_id"]]
    if not mine:
        return ""
    others = [m for m in mentions if items[m.index]["name"] != item["name"]]
    earlier = [m.end for m in others if m.end <= mine[0].start]
    start = max(earlier) if earlier else 0
    later = [
        m.start
        for m in others
        if m.start > mine[0].end
    ]
    return text[start : min(later) if later else len(text)]


# Reasons


_REASONS = {
    "no longer needed": re.compile(
        r"no longer need|don'?t need|do not need|not need(?:ed)? any ?more|no need|changed my mind"
        r"|not needed|no longer want|don'?t want it",
        re.IGNORECASE,
    ),
    "ordered by mistake": re.compile(
        r"mistake|by accident|accidental|wrong (?:item|order|thing)|didn'?t mean to|unintentional",
        re.IGNORECASE,
    ),
}
_GIVES_REASON = re.compile(
    r"\b(?:because|since|reason|as i|found|cheaper|too (?:slow|long|expensive))\b", re.IGNORECASE
)


def fill_reason(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    choices = slot.choices
    for text in sources(ctx, frame):
        for reason, pattern in _REASONS.items():
            if reason in choices and pattern.search(text):
                frame.slots[slot.name] = reason
                return Fill.filled
    given = [t for t in sources(ctx, frame) if _GIVES_REASON.search(t)]
    if frame.asked == slot.name and ctx.target is frame:
        given = given or [ctx.text]
    if given:
        ctx.precheck(
            "cancel_pending_order", {"order_id": frame.slots.get("order"), "reason": given[0]}
        )
        ctx.say("reason_not_allowed", reasons=describe.join_words(f"'{c}'" for c in choices))
    frame.asked = slot.name
    ctx.say("ask_reason", awaiting="reason", options=choices)
    return Fill.asked


# Payment methods


_ORIGINAL = re.compile(
    r"\b(?:original|same (?:card|method|payment|way)|how i paid|i paid with|back to my)\b",
    re.IGNORECASE,
)
_LAST_FOUR = re.compile(r"\b(\d{4})\b")
_KINDS = (
    ("paypal", re.compile(r"\bpay ?pal\b", re.IGNORECASE)),
    ("gift_card", re.compile(r"\bgift ?cards?\b", re.IGNORECASE)),
    (
        "credit_card",
        re.compile(
            r"\b(?:credit|debit)? ?cards?\b|\bvisa\b|\bmastercard\b|\bamex\b|\bdiscover\b",
            re.IGNORECASE,
        ),
    ),
)


def payment_mentions(
    text: str, methods: dict[str, dict[str, Any]], original: str | None
) -> list[str]:
    """The payment method ids ``text`` points at, most specific reading first."""
    lowered = text.lower()
    direct = [m for m in methods if m.lower() in lowered]
    if direct:
        return direct
    if original and _ORIGINAL.search(text):
        return [original]
    for source, pattern in _KINDS:
        if pattern.search(text):
            of_kind = [k for k, v in methods.items() if v.get("source") == source]
            four = [d for d in _LAST_FOUR.findall(text)]
            narrowed = [k for k in of_kind if str(methods[k].get("last_four")) in four]
            return narrowed or of_kind
    return []


def fill_payment(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    user = ctx.user() or {}
    methods: dict[str, dict[str, Any]] = user.get("payment_methods") or {}
    order = ctx.order(str(frame.slots["order"])) if "order" in frame.slots else None
    original = _original_method(order)
    refused = set(frame.slots.get("_refused_methods") or ())
    allowed = [m for m in _allowed_methods(slot.rule, methods, original) if m not in refused]
    for text in sources(ctx, frame):
        picked = _picked_option(ctx, frame, text, slot.name)
        found = [picked] if picked else payment_mentions(text, methods, original)
        if not found:
            continue
        usable = [m for m in found if m in allowed]
        if len(usable) == 1:
            frame.slots[slot.name] = usable[0]
            return Fill.filled
        if not usable:
            ctx.say(
                f"payment_not_allowed_{slot.rule}", method=describe.payment_label(methods[found[0]])
            )
        break
    if slot.rule is PaymentRule.refund and len(allowed) == 1 and frame.asked != slot.name:
        frame.slots[slot.name] = allowed[0]
        return Fill.filled
    options = [(describe.payment_label(methods[m]), m) for m in allowed]
    if not options:
        ctx.say("no_payment_method")
        return Fill.ended
    return _offer(ctx, frame, slot.name, f"ask_payment_{slot.rule}", options)


def _original_method(order: dict[str, Any] | None) -> str | None:
    history = (order or {}).get("payment_history") or []
    return str(history[0]["payment_method_id"]) if history else None


def _allowed_methods(
    rule: PaymentRule | None, methods: dict[str, dict[str, Any]], original: str | None
) -> list[str]:
    if rule is PaymentRule.refund:
        return [m for m, v in methods.items() if m == original or v.get("source") == "gift_card"]
    if rule is PaymentRule.replace:
        return [m for m in methods if m != original]
    return list(methods)


# Addresses


_DEFAULT_ADDRESS = re.compile(
    r"\b(?:default|account|profile|home|usual|on file)\b.*\baddress\b|\baddress\b.*\bon file\b",
    re.IGNORECASE,
)


_SAME_ADDRESS = re.compile(
    r"\b(?:same|that|its|the)\b[^.?!]{0,20}\baddress\b[^.?!]{0,40}\b(?:order|as)\b"
    r"|\baddress (?:of|from|on) (?:my|the|that) (?:other )?(?:order|#)",
    re.IGNORECASE,
)


def _other_order_address(ctx: TurnContext, frame: Frame, text: str) -> dict[str, str] | None:
    """ "The same address as my luggage order": the address another of the orders ships to."""
    if not _SAME_ADDRESS.search(text):
        return None
    own = frame.slots.get("order")
    orders = [o for o in ctx.customer_orders() if o["order_id"] != own]
    ids = [i for i in _order_ids(text) if i != own]
    named = [o for o in orders if o["order_id"] in ids] or _orders_with_named_items(text, orders)
    if len(named) != 1 or not named[0].get("address"):
        return None
    return address_from_backoffice(named[0]["address"]).to_backoffice()


def fill_address(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    for text in sources(ctx, frame):
        parsed = parse_address(text)
        if parsed is not None:
            frame.slots[slot.name] = parsed.to_backoffice()
            return Fill.filled
        other = _other_order_address(ctx, frame, text)
        if other is not None:
            frame.slots[slot.name] = other
            return Fill.filled
        if frame.flow != "update_account_address" and _DEFAULT_ADDRESS.search(text):
            user = ctx.user() or {}
            if user.get("address"):
                frame.slots[slot.name] = address_from_backoffice(user["address"]).to_backoffice()
                return Fill.filled
    if frame.asked == slot.name and ctx.target is frame:
        ctx.say("address_incomplete")
    ctx.ask(frame, slot.name, "ask_address")
    return Fill.asked


# Products


def fill_product(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    result = ctx.call("list_all_product_types", {})
    catalog = _product_types(result.value)
    names = list(catalog)
    for text in sources(ctx, frame):
        mentions = find_mentions(text, names)
        if mentions:
            frame.slots[slot.name] = [catalog[names[m.index]] for m in mentions]
            return Fill.filled
    ctx.ask(frame, slot.name, "ask_product")
    return Fill.asked


def _product_types(value: object) -> dict[str, str]:
    import json

    data = json.loads(value) if isinstance(value, str) else value
    return {str(k): str(v) for k, v in (data or {}).items()} if isinstance(data, dict) else {}


# Choices offered as options


def _offer(
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


def _picked_option(ctx: TurnContext, frame: Frame, text: str, slot: str) -> str | None:
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


def _is_correction(ctx: TurnContext) -> bool:
    from frontline.agent.understanding.results import DialogueAct

    return DialogueAct.CORRECTION in ctx.understanding.acts


_FILLERS: dict[SlotKind, Callable[[TurnContext, Frame, SlotSpec], Fill]] = {
    SlotKind.order: fill_order,
    SlotKind.items: fill_items,
    SlotKind.new_items: fill_new_items,
    SlotKind.reason: fill_reason,
    SlotKind.payment_method: fill_payment,
    SlotKind.address: fill_address,
    SlotKind.product: fill_product,
}
