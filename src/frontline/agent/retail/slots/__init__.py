"""Filling a flow's slots from what the customer wrote, or asking for them.

Each ``fill_*`` reads the customer's words (this message first, then the words that started
the request), checks them against the back office, and either fills the slot, asks (with the
choices as options), or ends the request with an explanation (nothing eligible).
"""

from frontline.agent.engine.flows import SlotKind
from frontline.agent.engine.pack import Fill, SlotFiller
from frontline.agent.retail.slots.choices import sources
from frontline.agent.retail.slots.details import (
    REASONS,
    fill_address,
    fill_payment,
    fill_product,
    fill_reason,
    payment_mentions,
)
from frontline.agent.retail.slots.items import fill_items
from frontline.agent.retail.slots.new_items import fill_new_items
from frontline.agent.retail.slots.orders import fill_order

FILLERS: dict[SlotKind, SlotFiller] = {
    SlotKind.order: fill_order,
    SlotKind.items: fill_items,
    SlotKind.new_items: fill_new_items,
    SlotKind.reason: fill_reason,
    SlotKind.payment_method: fill_payment,
    SlotKind.address: fill_address,
    SlotKind.product: fill_product,
}


__all__ = ["FILLERS", "REASONS", "Fill", "payment_mentions", "sources"]
