"""Writes: list exactly what will happen, wait for the customer's yes, then do it.

The action is built from the filled slots, checked by the policy before it is offered (a
short gift card is explained now, not after the yes), and checked again when it runs.
"""

from __future__ import annotations

from typing import Any

import orjson

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.flows import FlowSpec
from frontline.agent.engine.policy import Denial
from frontline.agent.engine.state import Frame
from frontline.agent.retail import describe


def arguments_for(ctx: TurnContext, frame: Frame, flow: FlowSpec) -> dict[str, Any]:
    assert flow.action is not None
    arguments: dict[str, Any] = {}
    for name, source in flow.action.arguments.items():
        if source == "$user_id":
            arguments[name] = ctx.state.user_id
            continue
        root, _, path = source.partition(".")
        value = frame.slots[root]
        arguments[name] = value[path] if path else value
    return arguments


def offer_action(
    ctx: TurnContext, frame: Frame, flow: FlowSpec, agreed: dict[str, Any] | None = None
) -> Denial | None:
    """Ask the customer to confirm the action; the denial when the policy already refuses it.

    ``agreed`` is an action the customer said yes to while restating its details: when the
    action read again is that very one, it is confirmed (``_confirmed``) instead of asked."""
    assert flow.action is not None
    arguments = arguments_for(ctx, frame, flow)
    if f"{flow.action.tool} {_short(arguments)}" in ctx.state.done:
        # the very same write again ("ship it there" once more): already done, nothing to do
        done = Denial("already_done", f"{flow.action.tool} was already done with these details")
        explain_denial(ctx, done)
        return done
    denial = ctx.precheck(flow.action.tool, arguments)
    if denial is not None:
        explain_denial(ctx, denial)
        return denial
    frame.pending = {"tool": flow.action.tool, "arguments": arguments}
    frame.asked = "confirmation"
    if agreed is not None and _same_json(agreed, frame.pending):
        frame.slots["_confirmed"] = True
        return None
    facts = action_facts(ctx, arguments)
    ctx.say(flow.action.confirm, awaiting="confirmation", options=("Yes", "No"), **facts)
    return None


def _same_json(one: object, other: object) -> bool:
    return orjson.dumps(one, option=orjson.OPT_SORT_KEYS) == orjson.dumps(
        other, option=orjson.OPT_SORT_KEYS
    )


def run_action(ctx: TurnContext, frame: Frame, flow: FlowSpec) -> bool:
    """Run the confirmed action; True when the back office did it."""
    assert flow.action is not None  # only action flows reach here
    assert frame.pending is not None  # the customer confirmed this pending action
    arguments = dict(frame.pending["arguments"])
    facts = action_facts(ctx, arguments)
    before = (ctx.user() or {}).get("address")
    result = ctx.call(flow.action.tool, arguments, confirmed=True)
    frame.pending = None
    frame.asked = None
    if result.denial is not None:
        explain_denial(ctx, result.denial)
        return False
    if result.error is not None:
        ctx.say("backoffice_refused", error=result.error)
        frame.notes.append(f"{flow.action.tool} failed: {result.error}")
        return False
    if isinstance(result.value, dict) and "order_id" in result.value:
        ctx.state.orders[str(result.value["order_id"])] = result.value
    if flow.action.tool == "modify_user_address":
        ctx.state.former_address = ctx.state.former_address or before  # "back to what it was"
    ctx.user(fresh=True)  # a refund or a charge changes a gift card's balance, too
    ctx.state.done.append(f"{flow.action.tool} {_short(arguments)}")
    ctx.state.refunded = round(ctx.state.refunded + _money_back(flow.action.tool, facts), 2)
    ctx.say(flow.action.done, **facts, status=_status(result.value))
    return True


def _money_back(tool: str, facts: dict[str, Any]) -> float:
    """What the customer gets back from a write, from the facts listed in its confirmation."""
    if tool == "cancel_pending_order":
        return float(facts.get("total_value", 0.0))
    if tool == "return_delivered_order_items":
        return float(facts.get("refund_value", 0.0))
    if tool in {"exchange_delivered_order_items", "modify_pending_order_items"}:
        return max(0.0, -float(facts.get("difference_value", 0.0)))
    return 0.0


def explain_denial(ctx: TurnContext, denial: Denial) -> None:
    key = f"denied_{denial.rule}"
    if denial.amount is not None and ctx.replies.has(f"{key}_amount"):
        ctx.say(f"{key}_amount", amount=describe.money(denial.amount))  # "the $88.85 to pay"
        return
    ctx.say(key if ctx.replies.has(key) else "denied_other")


def _status(value: object) -> str:
    return str(value.get("status", "")) if isinstance(value, dict) else ""


def _short(arguments: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in arguments.items() if k != "user_id")


def action_facts(ctx: TurnContext, arguments: dict[str, Any]) -> dict[str, Any]:
    """Every fact a confirmation or done template may use, all read from records."""
    facts: dict[str, Any] = {"order_id": arguments.get("order_id", "")}
    order = ctx.order(str(arguments["order_id"])) if "order_id" in arguments else None
    user = ctx.user() or {}
    methods = user.get("payment_methods") or {}
    if order is not None:
        by_id = {str(i["item_id"]): i for i in order.get("items") or []}
        facts["total_value"] = describe.order_total(order)
        facts["total"] = describe.money(facts["total_value"])
        item_ids = [str(i) for i in arguments.get("item_ids") or []]
        items = [by_id[i] for i in item_ids if i in by_id]
        facts["items"] = "\n".join(f"- {describe.item_line(i)}" for i in items)
        facts["items_all"] = "\n".join(
            f"- {describe.item_line(i)}" for i in order.get("items") or []
        )
        facts["refund_value"] = round(sum(float(i["price"]) for i in items), 2)
        facts["refund"] = describe.money(facts["refund_value"])
        facts.update(_changes(ctx, items, [str(i) for i in arguments.get("new_item_ids") or []]))
        history = order.get("payment_history") or []
        original = methods.get(str(history[0]["payment_method_id"])) if history else None
        facts["original_method"] = (
            describe.payment_label(original) if original else "the original payment method"
        )
        facts["refund_timing"] = (
            "immediately"
            if original and original.get("source") == "gift_card"
            else "within 5 to 7 business days"
        )
    method = methods.get(str(arguments.get("payment_method_id")))
    facts["method"] = describe.payment_label(method) if method else ""
    facts["reason"] = arguments.get("reason", "")
    if "address1" in arguments:
        facts["address"] = describe.address_text(arguments)
    return facts


def _changes(ctx: TurnContext, items: list[dict[str, Any]], new_ids: list[str]) -> dict[str, Any]:
    if not new_ids or len(new_ids) != len(items):
        return {}
    lines, difference = [], 0.0
    for item, new_id in zip(items, new_ids, strict=True):
        product = ctx.product(str(item["product_id"])) or {}
        new = (product.get("variants") or {}).get(new_id)
        if new is None:
            continue
        difference += float(new["price"]) - float(item["price"])
        lines.append(
            f"- {item['name']}: {describe.options_text(item.get('options') or {})} "
            f"({describe.money(float(item['price']))}) → {describe.options_text(new['options'])} "
            f"({describe.money(float(new['price']))})"
        )
    difference = round(difference, 2)
    if difference > 0:
        settle = f"you pay the difference of {describe.money(difference)}"
    elif difference < 0:
        settle = f"you get {describe.money(-difference)} back"
    else:
        settle = "there is no price difference"
    return {"changes": "\n".join(lines), "difference": settle, "difference_value": difference}
