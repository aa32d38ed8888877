"""Which order and which of its items: by id, by the items named, "all my orders", or asked."""

from __future__ import annotations

import re
from typing import Any

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.flows import SlotKind, SlotSpec
from frontline.agent.engine.pack import Fill
from frontline.agent.engine.state import Frame
from frontline.agent.reading.mentions import mentioned_items
from frontline.agent.retail import describe
from frontline.agent.retail.addresses import names_place_of
from frontline.agent.retail.slots.choices import (
    is_correction,
    offer,
    order_ids,
    picked_option,
    sources,
)
from frontline.agent.retail.slots.descriptions import (
    CLAUSE,
    LIKE_OTHER,
    SENT_TO,
    described_order,
    items_in_several,
    mentioned_any,
    orders_with_all_named,
    orders_with_named_items,
    the_other_order,
)
from frontline.agent.retail.slots.items import chosen_items

# Orders

# "all my pending orders", "both orders"; not "changed my mind on both can i tweak the order"
_ALL_ORDERS = re.compile(
    r"\b(?:all|both|each|every)\b(?: of)?(?: (?:my|the|these|those|your))?(?: [\w-]+)? orders?\b"
    r"|\b(?:both|all) of them\b",
    re.IGNORECASE,
)


def fill_order(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    hint = frame.slots.pop("_order_hint", None)
    if hint:
        ctx.say("next_order", order_id=hint, title=ctx.flows[frame.flow].title)
        return _take_order(ctx, frame, slot, str(hint))
    texts = sources(ctx, frame)
    context = _referred_order(ctx, frame, texts)
    if context and not any(order_ids(t) for t in texts):
        return _take_order(ctx, frame, slot, str(context))
    offered = [str(v) for _, v in frame.slots.get("_offered_order") or []]
    for text in texts:
        ids = target_order_ids(text)
        if ids:
            if is_correction(ctx) and ctx.target is frame:
                ids = ids[-1:]
            return _take_orders(ctx, frame, slot, ids)
        if offered and text == ctx.text and ctx.target is frame and _ALL_ORDERS.search(text):
            return _take_orders(ctx, frame, slot, offered)  # "both of them", of those offered
        picked = picked_option(ctx, frame, text, "order") or _described_offer(ctx, frame, text)
        if picked:
            return _take_order(ctx, frame, slot, picked)
    eligible = _eligible_orders(ctx, frame, slot)
    if not eligible:
        named = _named_in_one_order(ctx, frame)
        if named is not None:  # "can I return the luggage set?" of a pending order: say so
            return _take_order(ctx, frame, slot, named)
        ctx.say("no_eligible_orders", statuses=describe.join_words(slot.statuses) or "open")
        return Fill.ended
    eligible = _not_left_out(frame, eligible)
    for text in texts:
        own = LIKE_OTHER.split(text)[0]  # not "... the type that's in my pending order"
        said_status = [s for s, pattern in _STATUS_WORDS.items() if pattern.search(own)]
        if len(said_status) == 1 and any(o["status"] == said_status[0] for o in eligible):
            eligible = [o for o in eligible if o["status"] == said_status[0]]  # "my pending order"
        if len(eligible) > 1 and _RECENT.search(text) and not mentioned_any(text, eligible):
            return _take_order(ctx, frame, slot, str(eligible[-1]["order_id"]))
        # "cancel the pending orders": every order with that status
        several = (
            len(said_status) == 1
            and all(o["status"] == said_status[0] for o in eligible)
            and bool(_PLURAL_ORDERS.search(own))
        )
        every = several or _ALL_ORDERS.search(text) or _MY_ORDERS.search(text)
        if len(eligible) > 1 and every and not _ONE_ORDER.search(text):
            wanted = [
                o for o in eligible if not _all_kept(texts, o)
            ] or eligible  # "keep the boots"
            wanted = orders_with_named_items(text, wanted) or wanted  # "the t-shirts in all..."
            return _take_orders(ctx, frame, slot, [str(o["order_id"]) for o in wanted])
        other = the_other_order(text, eligible, ctx.customer_orders())
        if other is not None:
            return _take_order(ctx, frame, slot, str(other["order_id"]))
        with_items = [
            o for o in orders_with_named_items(text, eligible) if not _all_kept([text], o)
        ]
        if with_items and (items_in_several(text, with_items) or _SPREAD.search(text)):
            in_turn = sorted(with_items, key=lambda o: _first_named(text, o))  # as said
            return _take_orders(ctx, frame, slot, [str(o["order_id"]) for o in in_turn])
        if len(with_items) == 1:
            return _take_order(ctx, frame, slot, str(with_items[0]["order_id"]))
        complete = orders_with_all_named(text, with_items)
        if len(complete) == 1:  # the one order that has every item the customer names
            return _take_order(ctx, frame, slot, str(complete[0]["order_id"]))
        described = (
            described_order(_without_identity(ctx, text), with_items) if with_items else None
        )
        if described is not None:
            frame.slots["_order_candidates"] = [str(o["order_id"]) for o in with_items]
            return _take_order(ctx, frame, slot, str(described["order_id"]))
        if with_items:
            eligible = with_items
            break
        elsewhere = _named_elsewhere(text, ctx.customer_orders())
        if elsewhere:  # named, but in orders this request cannot act on
            return _take_orders(ctx, frame, slot, elsewhere)
    sent_to = _sent_to_named_place(ctx, frame, texts, eligible)
    if sent_to is not None:  # "the order that was sent to Texas"
        return _take_order(ctx, frame, slot, sent_to)
    narrowed = any(_STATUS_WORDS[s].search(t) for t in texts for s in _STATUS_WORDS)
    if len(eligible) == 1 and (slot.statuses or narrowed or len(ctx.customer_orders()) == 1):
        return _take_order(ctx, frame, slot, str(eligible[0]["order_id"]))
    return _offer_orders(ctx, frame, eligible)


def _first_named(text: str, order: dict[str, Any]) -> int:
    """Where ``text`` first names an item of ``order``."""
    return min(
        (m.start for m in mentioned_items(text, order.get("items") or [])), default=len(text)
    )


def _not_left_out(frame: Frame, eligible: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ "keep the boots then. cancel the pending orders and return everything else": for the
    request that says "else", the rest of its message says which orders are left out."""
    whole = str(frame.slots.get("_said_with") or "")
    if not whole or not _ELSE.search(frame.text):
        return eligible
    return [o for o in eligible if not _all_kept([whole], o)] or eligible


def _referred_order(ctx: TurnContext, frame: Frame, texts: list[str]) -> str | None:
    """The order a reference points at ("could you cancel it instead?"); when the request came
    with others in one message that name the order, the message joins ``texts`` instead."""
    context = frame.slots.pop("_order_context", None) or frame.slots.pop("_order_hint_quiet", None)
    message = frame.slots.pop("_message", None)  # the whole message, when it asked for more
    answer = ctx.flows[frame.flow].answer is not None
    refers = bool(frame.text and (_IT if answer else _THAT_ORDER).search(frame.text))
    if message and context is None and message not in texts:
        orders = ctx.customer_orders()
        names_order = bool(order_ids(message)) or mentioned_any(message, orders)
        if (refers and names_order) or (
            answer and not refers and not mentioned_any(frame.text, orders)
        ):
            # "change the lamp, and ship that order to...", "cancel #W1. How much is the
            # refund?": the order the other request names
            texts.append(message)
            refers = False
    if context is None and refers and _may_be_last_order(ctx, frame.text):
        context = ctx.state.last_order  # "could you cancel it instead?"
    return str(context) if context else None


def _sent_to_named_place(
    ctx: TurnContext, frame: Frame, texts: list[str], eligible: list[dict[str, Any]]
) -> str | None:
    """The one order shipped to the city or state named; not for an address change, where
    the place named is where the order should go."""
    if any(s.kind is SlotKind.address for s in ctx.flows[frame.flow].slots) or len(eligible) < 2:
        return None
    for text in texts:
        said = SENT_TO.search(text)
        if said is None:
            continue
        where = text[said.end() :]
        placed = [o for o in eligible if names_place_of(where, o.get("address") or {})]
        if len(placed) == 1:
            return str(placed[0]["order_id"])
    return None


def _may_be_last_order(ctx: TurnContext, text: str) -> bool:
    """False when ``text`` names items of other orders only ("leave that order alone, I want
    to return the sneakers")."""
    last = ctx.order(ctx.state.last_order) if ctx.state.last_order else None
    if last is None:
        return False
    return mentioned_any(text, [last]) or not mentioned_any(text, ctx.customer_orders())


def _all_kept(texts: list[str], order: dict[str, Any]) -> bool:
    """Every item of the order is one the customer keeps ("keep the boots, return the rest")."""
    return any(chosen_items(t, order.get("items") or []) == [] for t in texts)


def _without_identity(ctx: TurnContext, text: str) -> str:
    """``text`` without the account's zip code: "mason sanchez, 78213" proves who the customer
    is; it does not describe the order that went to 78213."""
    zip_code = str(((ctx.user() or {}).get("address") or {}).get("zip") or "")
    return re.sub(rf"\b{re.escape(zip_code)}\b", " ", text) if zip_code else text


def _named_elsewhere(text: str, orders: list[dict[str, Any]]) -> list[str]:
    """The order (or, "from different orders", the orders) with the items named."""
    named = [o for o in orders_with_named_items(text, orders) if not _all_kept([text], o)]
    complete = orders_with_all_named(text, named) if len(named) > 1 else named
    if len(named) > 1 and (items_in_several(text, named) or _SPREAD.search(text)):
        complete = named
    return [str(o["order_id"]) for o in complete] if len(complete) == 1 or complete == named else []


def _named_in_one_order(ctx: TurnContext, frame: Frame) -> str | None:
    for text in sources(ctx, frame):
        named = orders_with_named_items(text, ctx.customer_orders())
        if len(named) == 1:
            return str(named[0]["order_id"])
    return None


def _offer_orders(ctx: TurnContext, frame: Frame, orders: list[dict[str, Any]]) -> Fill:
    choices = [(describe.order_option(o), str(o["order_id"])) for o in orders]
    return offer(ctx, frame, "order", "ask_order", choices)


_LOST = re.compile(
    r"\b(?:i|we) (?:have |'ve )?lost (?:the|my|it|them|both)\b(?! receipt)"
    r"|\b(?:it|they) (?:was|were|got|has been|have been) (?:lost|stolen)\b",
    re.IGNORECASE,
)
_THAT_ORDER = re.compile(
    r"\b(?:cancel|return|exchange|change|modify|ship|track|refund|replace) (?:it|that|this)\b"
    r"|\b(?:that|this|same) (?:one|order)\b|\b(?:in|from|of) it\b|\bthe (?:whole|entire) order\b",
    re.IGNORECASE,
)
# "the t-shirts in my pending orders": every order of that kind (narrowed by the items named)
# "all my orders", "in my orders"; not "a couple of my orders", "two of my orders": some
_MY_ORDERS = re.compile(
    r"(?<!\bone )(?<!\bany )(?<!\bcouple )(?<!\bfew )(?<!\bsome )(?<!\bseveral )"
    r"(?<!\btwo )(?<!\bthree )(?<!\bfour )(?<!\b\d )"
    r"\b(?:in|from|of) (?:my|the) (?:\w+ )?orders\b",
    re.IGNORECASE,
)
# "... to the same address as my order #W2166301": that order only lends its address
_AS_ORDER = re.compile(
    # "the same place my order #W4864669 went", "to the address on order #W2166301"; not
    # "change the address of #W8645374", the order to change
    r"\b(?:same (?:address|place) (?:(?:as|of|on|from|that|where) )?"
    r"|(?:to|use|with) the (?:address|place) (?:as|of|on|from|in) |the (?:address|place) from )"
    r"(?:my |the |that )?(?:other )?(?:order,? )?#?w?\d{7}\b"
    # "where my other order #W1 went", "the one order #W2 is being sent to"
    r"|\b(?:where|the (?:one|address|place)(?: that| which)?) (?:my |the |that )?(?:other )?order,?"
    r" #?w?\d{7} (?:went|goes|is going|(?:is|was|gets|got|'s)(?: being| getting)?"
    r" (?:sent|shipped|delivered|going|headed|mailed))"
    r"|\bas (?:my |the )?(?:other )?order #?w?\d{7}\b"
    r"|\b(?:match(?:es|ing)?|like|same as(?: on| in)?|as on|as in)"
    r" (?:the (?:one|address) (?:on|of|in) )?(?:my |the |that )?(?:other )?(?:order,? )?#?w?\d{7}\b",
    re.IGNORECASE,
)
_SPREAD = re.compile(
    # not "I have two orders with the same camera", which only says there are two
    r"(?<!\bhave )(?<!\bhad )(?<!\bgot )(?<!\bplaced )(?<!\bmade )(?<!\bare )"
    r"\b(?:different|separate|several|multiple|various|two|both|all (?:my|the|of my)) orders\b",
    re.IGNORECASE,
)
_KEEP = re.compile(r"\b(?:keep|except|not)\b", re.IGNORECASE)
_PLURAL_ORDERS = re.compile(  # "the pending orders", not "two orders" or "some orders"
    r"(?<!\bof )\b(?:the|my|those|these)\s+(?:\w+\s+)?orders\b",  # nor "two of my orders"
    re.IGNORECASE,
)
# "things on my pending orders ... first, cancel one": the request is for one of them
_ONE_ORDER = re.compile(
    r"\b(?:one|an|a single) (?:\w+ )?order\b|\bone of (?:them|those|these|(?:my|the) (?:\w+ )?orders)\b"
    r"|\b(?:cancel|return|change|modify|exchange|fix|update) one\b(?! (?:item|thing|product|more))",
    re.IGNORECASE,
)
_ELSE = re.compile(r"\b(?:everything|anything|all) else\b|\bthe rest\b", re.IGNORECASE)
_RECENT = re.compile(
    r"\b(?:most recent(?:ly)?|latest|last order|newest|just (?:placed|bought|ordered))\b",
    re.IGNORECASE,
)


_STATUS_WORDS = {
    "pending": re.compile(
        r"\bpending\b|(?:\bnot|n't) (?:yet )?(?:been )?(?:arrived|shipped|delivered|sent)",
        re.IGNORECASE,  # "not delivered yet", "it hasn't shipped"
    ),
    "cancelled": re.compile(r"\bcancel+ed\b", re.IGNORECASE),
    "delivered": re.compile(
        # not "I've got a few things to sort out": a got of having, not of receiving
        r"(?<!n't )(?<!not )(?<!never )\b(?:delivered|received|arrived|(?<!'ve )(?<!have )got)\b",
        re.IGNORECASE,
    ),
}
_IT = re.compile(r"\b(?:it|that one|this one|that order|this order)\b", re.IGNORECASE)


def _described_offer(ctx: TurnContext, frame: Frame, text: str) -> str | None:
    offered = [str(value) for _, value in frame.slots.get("_offered_order") or []]
    if not offered or text != ctx.text or ctx.target is not frame:
        return None
    orders = [o for o in (ctx.order(i) for i in offered) if o is not None]
    found = described_order(text, orders)
    return str(found["order_id"]) if found else None


def _take_orders(ctx: TurnContext, frame: Frame, slot: SlotSpec, order_ids: list[str]) -> Fill:
    """The first order for this request; the same request follows for each of the others."""
    said = list(frame.said)
    if ctx.target is frame and ctx.text not in said:
        said.append(ctx.text)  # "both of them, use my credit card": for every order
    # the same request for these orders, asked earlier and still waiting, is asked anew
    # here: this one replaces it ("cancel the pending orders" after "cancel every order")
    for earlier in [
        f
        for f in ctx.state.frames
        if f is not frame
        and f.flow == frame.flow
        and str(f.slots.get("order") or f.slots.get("_order_hint")) in order_ids
    ]:
        ctx.state.frames.remove(earlier)
    for other in reversed(order_ids[1:]):
        sibling = Frame(flow=frame.flow, text=frame.text, said=list(said))
        sibling.slots["_order_hint"] = other
        if frame.slots.get("_said_with"):
            sibling.slots["_said_with"] = frame.slots["_said_with"]
        ctx.state.frames.insert(ctx.state.frames.index(frame), sibling)
    return _take_order(ctx, frame, slot, order_ids[0])


def _eligible_orders(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> list[dict[str, Any]]:
    refused = set(frame.slots.get("_not_orders") or ())
    statuses = {*slot.statuses, *ctx.flows[frame.flow].instead} if slot.statuses else set()
    return [
        o
        for o in ctx.customer_orders()
        if (not statuses or o["status"] in statuses) and o["order_id"] not in refused
    ]


def _take_order(ctx: TurnContext, frame: Frame, slot: SlotSpec, order_id: str) -> Fill:
    order = ctx.order(order_id)
    if order is not None:
        ctx.state.last_order = order_id
        if (
            any(_LOST.search(t) for t in sources(ctx, frame))
            and order_id not in ctx.state.lost_orders
        ):
            ctx.state.lost_orders.append(order_id)
    if order is None:
        ctx.say("order_not_found", order_id=order_id)
        return _reoffer_orders(ctx, frame, slot)
    flow = ctx.flows[frame.flow]
    other = flow.instead.get(str(order["status"]))
    if other is None and any(mentioned_items(t, order["items"]) for t in sources(ctx, frame)):
        other = flow.items_instead.get(str(order["status"]))  # "cancel the lamp I got"
    if slot.statuses and other is not None and other in ctx.flows:
        ctx.say(
            "flow_instead", order_id=order_id, status=order["status"], title=ctx.flows[other].title
        )
        frame.flow = other
        frame.slots[slot.name] = order_id
        ctx.state.last_order = order_id
        return Fill.filled
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
    if ctx.flows[frame.flow].item_comes_back and order_id in ctx.state.lost_orders:
        ctx.say("lost_item", title=ctx.flows[frame.flow].title)
        frame.notes.append(f"order {order_id}: the customer lost the item")
        return Fill.ended
    frame.slots[slot.name] = order_id
    if frame.flow == "cancel_order" and _names_some_items(ctx, frame, order):
        ctx.say("cancel_whole_order_only")
    frame.notes.append(f"order {order_id} ({order['status']})")
    return Fill.filled


_ONE_ITEM = re.compile(
    r"\b(?:just|only) (?:that|this|the|one|a single) item\b|\b(?:a single|one) item\b",
    re.IGNORECASE,
)


def _names_some_items(ctx: TurnContext, frame: Frame, order: dict[str, Any]) -> bool:
    """The customer named some, not all, of the order's items: only whole orders cancel."""
    items = order.get("items") or []
    clauses = [c for text in sources(ctx, frame) for c in CLAUSE.split(text)]
    if len(items) > 1 and any(_ONE_ITEM.search(c) and not _KEEP.search(c) for c in clauses):
        return True  # "can I cancel just that item?"
    named = {m.index for c in clauses if not _KEEP.search(c) for m in mentioned_items(c, items)}
    return bool(named) and len(named) < len(items)


def _reoffer_orders(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    eligible = _eligible_orders(ctx, frame, slot)
    if not eligible:
        return Fill.ended
    return _offer_orders(ctx, frame, eligible)


# "#W6447372 already has the right address", "#W1 is fine": an order that needs nothing
_NEEDS_NOTHING = re.compile(
    r"#?w?\d{7}\b(?:'s)?,? (?:already |is already )?(?:(?:has|is|was|looks|seems|are) (?:the |all )?"
    r"(?:right|correct|fine|good|ok(?:ay)?|alright)\b|(?:doesn'?t|does not|don'?t|won'?t) need\b)",
    re.IGNORECASE,
)


def target_order_ids(text: str) -> list[str]:
    """The order ids ``text`` names as orders to act on: not one that only lends its address
    ("the same address as my other order, #W4011814"), nor one that needs nothing ("#W6447372
    already has the right address")."""
    return list(dict.fromkeys(order_ids(_NEEDS_NOTHING.sub(" ", _AS_ORDER.sub(" ", text)))))
