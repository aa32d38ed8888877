"""Requests that follow the one under way: queued behind it, or the same request for another
order ("also return the e-reader", named while a return of another order waits for its yes)."""

from __future__ import annotations

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.state import Frame
from frontline.agent.reading.mentions import mentioned_items
from frontline.agent.retail.slots.descriptions import orders_with_named_items


def same_for_other_orders(ctx: TurnContext, frame: Frame) -> None:
    """ "Also return the smart watch and the e-reader" while a return of another order waits
    for its yes: the e-reader's order gets the same request, after this one."""
    current = ctx.order(str(frame.slots.get("order"))) if "order" in frame.slots else None
    if current is None:
        return
    names = {str(i["name"]) for i in current.get("items") or []}
    # "the glass induction kettle" of an order with a Tea Kettle is that one, though another
    # order has an Electric Kettle: words that name an item of this order stay with it
    here = [(m.start, m.end) for m in mentioned_items(ctx.text, current.get("items") or [])]
    others = [
        o
        for o in orders_with_named_items(ctx.text, ctx.customer_orders())
        if o["order_id"] != current["order_id"]
        and any(
            str(o["items"][m.index]["name"]) not in names
            and not any(start < m.end and m.start < end for start, end in here)
            for m in mentioned_items(ctx.text, o["items"])
        )
    ]
    for order in others if len(others) == 1 else ():  # named only in that other order
        sibling = Frame(flow=frame.flow, text=ctx.text)
        sibling.slots["_order_hint_quiet"] = str(order["order_id"])
        ctx.state.frames.insert(ctx.state.frames.index(frame), sibling)


def queue_request(ctx: TurnContext, flow: str, words: str) -> None:
    """A request to take up after what is under way; a message for one already waiting joins it."""
    waiting = next(
        (
            f
            for f in ctx.state.frames
            if f.flow == flow and f.asked is None and "order" not in f.slots
        ),
        None,
    )
    if waiting is None:
        ctx.state.frames.insert(0, Frame(flow=flow, text=words))
    elif ctx.text not in waiting.said:
        waiting.said.append(ctx.text)  # "keep the boots, return everything else": all of it
