"""Read-only answers: an order's status, the customer's orders and account, products, policy."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.dialogue import SAME_ORDER
from frontline.agent.engine.policy_answers import PolicyKnowledge
from frontline.agent.engine.state import Frame
from frontline.agent.reading.mentions import find_mentions, mentioned_items
from frontline.agent.retail import describe
from frontline.agent.retail.slots.choices import order_ids
from frontline.agent.retail.wishes import read_wishes

MAX_VARIANT_LINES = 20
MAX_ITEM_LINES = 20


def answer_order_status(ctx: TurnContext, frame: Frame) -> None:
    order = ctx.order(str(frame.slots["order"]), fresh=True)
    if order is None:
        ctx.say("order_not_found", order_id=frame.slots["order"])
        return
    items = "\n".join(f"- {describe.item_line(i)}" for i in order.get("items") or [])
    tracking = describe.tracking_text(order)
    ctx.say(
        "order_status",
        order_id=order["order_id"],
        status=order["status"],
        items=items,
        total=describe.money(describe.order_total(order)),
        address=describe.address_text(order.get("address") or {}),
    )
    if tracking:
        ctx.say("order_tracking", tracking=tracking)
    refunds = [
        p for p in order.get("payment_history") or [] if p.get("transaction_type") == "refund"
    ]
    if refunds:
        total = sum(float(p["amount"]) for p in refunds)
        ctx.say("order_refunds", amount=describe.money(total))
    _say_priciest_or_cheapest(ctx, order, frame.text if ctx.target is not frame else ctx.text)


_PRICIEST = re.compile(r"\b(?:most expensive|priciest|costliest|cost(?:s|ed)? the most)\b", re.I)
_CHEAPEST = re.compile(r"\b(?:cheapest|least expensive|cost(?:s|ed)? the least)\b", re.I)


def _say_priciest_or_cheapest(ctx: TurnContext, order: dict[str, Any], text: str) -> None:
    """ "What's the most expensive item in the order?" """
    items = sorted(order.get("items") or [], key=lambda i: float(i["price"]))
    if items and _PRICIEST.search(text):
        item = items[-1]
        ctx.say("order_priciest_item", item=describe.item_label(item), price=_price(item))
    if items and _CHEAPEST.search(text):
        item = items[0]
        ctx.say("order_cheapest_item", item=describe.item_label(item), price=_price(item))


def _price(item: dict[str, Any]) -> str:
    return describe.money(float(item["price"]))


def answer_list_orders(ctx: TurnContext, frame: Frame) -> None:  # noqa: ARG001 - one signature for all answers
    orders = ctx.customer_orders()
    if not orders:
        ctx.say("no_orders")
        return
    lines = "\n".join(f"- {describe.order_option(o)}" for o in orders)
    ctx.say("list_orders", count=len(orders), orders=lines)


def answer_order_help(ctx: TurnContext, frame: Frame) -> None:
    """Help "with an order" that names no request yet: the orders on file, then what to do."""
    answer_list_orders(ctx, frame)
    ctx.say("what_about_orders", awaiting="free_text")


def answer_order_change(ctx: TurnContext, frame: Frame) -> None:
    """A change to a pending order that named nothing to change: what to change on it."""
    ctx.say("what_to_change", order_id=frame.slots["order"], awaiting="free_text")


_REMAINING = re.compile(r"\b(?:remaining|rest of|kept|keeping|left)\b", re.IGNORECASE)


def _sent_back(order: dict[str, Any], item: dict[str, Any]) -> bool:
    gone = [*(order.get("return_items") or ()), *(order.get("exchange_items") or ())]
    return item["item_id"] in gone


def answer_purchase_total(ctx: TurnContext, frame: Frame) -> None:
    """What the customer paid for the products named (all products when none is), over every
    order that was not cancelled, with the items listed so the sum can be checked."""
    text = frame.text if ctx.target is not frame else ctx.text
    user = ctx.user() or {}
    ids = order_ids(text) or (
        [ctx.state.last_order] if ctx.state.last_order and SAME_ORDER.search(text) else []
    )
    found = [ctx.order(str(i), fresh=True) for i in ids or user.get("orders") or []]
    orders = [o for o in found if o is not None and o.get("status") != "cancelled"]
    kept = _REMAINING.search(text) is not None  # "the remaining items": not those sent back
    bought = [
        (o, i) for o in orders for i in o.get("items") or [] if not (kept and _sent_back(o, i))
    ]
    named = mentioned_items(text, [i for _, i in bought])
    catalog = list(ctx.catalog())
    products = [catalog[m.index] for m in find_mentions(text, catalog)]
    if products and not named:
        ctx.say("purchase_none", products=describe.join_words(products))
        return
    chosen = [bought[m.index] for m in named] if named else bought
    if not chosen:
        ctx.say("no_orders")
        return
    lines = "\n".join(
        f"- {describe.item_line(i)} in order {o['order_id']}" for o, i in chosen[:MAX_ITEM_LINES]
    )
    if len(chosen) > MAX_ITEM_LINES:
        lines += f"\n- and {len(chosen) - MAX_ITEM_LINES} more"
    ctx.say(
        "purchase_total",
        total=describe.money(sum(float(i["price"]) for _, i in chosen)),
        items=lines,
    )


def answer_account_details(ctx: TurnContext, frame: Frame) -> None:  # noqa: ARG001
    user = ctx.user(fresh=True) or {}
    name = user.get("name") or {}
    methods = "\n".join(
        f"- {describe.payment_label(m)}" for m in (user.get("payment_methods") or {}).values()
    )
    ctx.say(
        "account_details",
        name=f"{name.get('first_name', '')} {name.get('last_name', '')}".strip(),
        email=user.get("email", ""),
        address=describe.address_text(user.get("address") or {}),
        methods=methods or "- none",
        orders=len(user.get("orders") or []),
    )


def answer_product_info(ctx: TurnContext, frame: Frame) -> None:
    for product_id in frame.slots.get("product") or []:
        product = ctx.product(str(product_id))
        if product is None:
            continue
        _describe_product(ctx, product, frame.text if ctx.target is not frame else ctx.text)


def _describe_product(ctx: TurnContext, product: dict[str, Any], text: str) -> None:
    variants: dict[str, Any] = product.get("variants") or {}
    wishes = read_wishes(text, product)
    matching = {
        k: v
        for k, v in variants.items()
        if all(v["options"].get(w.option) in w.values for w in wishes if w.strict)
    }
    available = {k: v for k, v in matching.items() if v.get("available")}
    lines = "\n".join(
        f"- {describe.options_text(v['options'])}: {describe.money(float(v['price']))}"
        for v in list(available.values())[:MAX_VARIANT_LINES]
    )
    if not matching:  # the wishes contradict each other or no variant has them all
        ctx.say("product_no_such_option", name=product["name"])
        return
    if not available:
        ctx.say("product_none_available", name=product["name"], total=len(matching))
        return
    ctx.say(
        "product_available",
        name=product["name"],
        available=len(available),
        total=len(matching),
        variants=lines,
    )


def make_policy_answer(knowledge: PolicyKnowledge) -> Callable[[TurnContext, Frame], None]:
    def answer_policy_question(ctx: TurnContext, frame: Frame) -> None:
        text = ctx.text if ctx.target is frame or not frame.text else frame.text
        found = knowledge.answer(text)
        if found is None:
            ctx.say("policy_unknown")
            return
        ctx.say("policy_answer", answer=found.section.answer)

    return answer_policy_question


def answerers(knowledge: PolicyKnowledge) -> dict[str, Callable[[TurnContext, Frame], None]]:
    return {
        "order_status": answer_order_status,
        "list_orders": answer_list_orders,
        "order_help": answer_order_help,
        "order_change": answer_order_change,
        "account_details": answer_account_details,
        "purchase_total": answer_purchase_total,
        "product_info": answer_product_info,
        "policy_question": make_policy_answer(knowledge),
    }
