"""Cancellation reasons, payment methods, addresses and products."""

from __future__ import annotations

import re
from typing import Any

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.flows import PaymentRule, SlotSpec
from frontline.agent.engine.pack import Fill
from frontline.agent.engine.state import Frame
from frontline.agent.reading.mentions import find_mentions
from frontline.agent.retail import describe
from frontline.agent.retail.addresses import address_from_backoffice, names_place_of, parse_address
from frontline.agent.retail.slots.choices import (
    offer,
    order_ids,
    picked_option,
    sources,
)
from frontline.agent.retail.slots.descriptions import SENT_TO, SENTENCE, orders_with_named_items

# Reasons


REASONS = {
    "no longer needed": re.compile(
        r"no longer need|(?:don'?t|do not) need(?! to)|not need(?:ed)? any ?more|no need(?! to)"
        r"|changed my mind"
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


def _about_order(text: str, order_id: str) -> str:
    """The sentence of ``text`` about ``order_id`` when it speaks of several orders ("#W1, I
    ordered it by mistake. And #W2, I no longer need it.")."""
    if len(set(order_ids(text))) < 2:
        return text
    parts = [p for p in SENTENCE.split(text) if order_id in order_ids(p)]
    return " ".join(parts) or text


def fill_reason(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    choices = slot.choices
    # a message of several requests gives one reason for all of them: "cancel the pending
    # orders and return everything else. no longer needed."
    together = [str(frame.slots["_said_with"])] if frame.slots.get("_said_with") else []
    for said in [*sources(ctx, frame), *together]:
        text = _about_order(said, str(frame.slots.get("order", "")))
        for reason, pattern in REASONS.items():
            if reason in choices and pattern.search(text):
                frame.slots[slot.name] = reason
                return Fill.filled
    given = [t for t in sources(ctx, frame) if _GIVES_REASON.search(t)]
    if given:
        ctx.precheck(
            "cancel_pending_order", {"order_id": frame.slots.get("order"), "reason": given[0]}
        )
        ctx.say("reason_not_allowed", reasons=describe.join_words(f"'{c}'" for c in choices))
    _refund_goes_back(ctx, frame)
    frame.asked = slot.name
    ctx.say("ask_reason", awaiting="reason", options=choices)
    return Fill.asked


def _refund_goes_back(ctx: TurnContext, frame: Frame) -> None:
    """ "Cancel it and refund it to my gift card": a cancellation refunds the original method."""
    if ctx.target is not frame or "order" not in frame.slots:
        return
    methods = (ctx.user() or {}).get("payment_methods") or {}
    original = _original_method(ctx.order(str(frame.slots["order"])))
    wanted = payment_mentions(ctx.text, methods, original)
    if original in methods and wanted and original not in wanted:
        ctx.say("cancel_refund_original", method=describe.payment_label(methods[original]))


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
            # a bare "card" only as a card of one's own, not the "SD card" of an option
            r"\b(?:credit|debit) ?cards?\b|\bvisa\b|\bmastercard\b|\bamex\b|\bdiscover\b"
            r"|(?:^\W*|\b(?:my|the|that|this|same|original|a|your|one|other) )cards?\b"
            r"|\bcards? (?:ending|with|on file)\b",
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
        if any(not _refused(text, m.start()) for m in pattern.finditer(text)):
            of_kind = [k for k, v in methods.items() if v.get("source") == source]
            four = _LAST_FOUR.findall(text)
            narrowed = [k for k in of_kind if str(methods[k].get("last_four")) in four]
            return narrowed or _by_brand(text, of_kind, methods) or of_kind
    return []


# "my gift card instead of paypal", "not the credit card", "from paypal to the gift card"
_REFUSING = re.compile(
    r"\b(?:instead of|rather than|other than|not|n't|no longer|from)\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _refused(text: str, at: int) -> bool:
    """Whether the payment kind named at ``at`` is one the customer turns away from."""
    return bool(_REFUSING.search(text, max(0, at - 40), at))


_BRAND = re.compile(
    r"(\bnot (?:the |my )?)?\b(visa|mastercard|master card|amex|american express|discover)\b", re.I
)


def _by_brand(text: str, cards: list[str], methods: dict[str, dict[str, Any]]) -> list[str]:
    """ "The Mastercard, not the Visa": the cards of the brand named, without those refused."""
    wanted: set[str] = set()
    refused: set[str] = set()
    for found in _BRAND.finditer(text):
        brand = found.group(2).lower().replace(" ", "")
        brand = {"americanexpress": "amex"}.get(brand, brand)
        (refused if found.group(1) else wanted).add(brand)
    brand_of = {k: str(methods[k].get("brand", "")).lower().replace(" ", "") for k in cards}
    kept = [k for k in cards if brand_of[k] not in refused]
    return [k for k in kept if brand_of[k] in wanted] or (kept if refused else [])


def without_payment_words(text: str) -> str:
    """``text`` with the payment methods it names blanked ("refunded to my PayPal" → "refunded
    to my"), so that "pay" in "PayPal" asks for nothing."""
    for _, pattern in _KINDS:
        text = pattern.sub(" ", text)
    return text


def names_payment_kind(text: str) -> bool:
    """ "My amex", "a debit card", "PayPal": the text names a kind of payment method."""
    return any(pattern.search(text) for _, pattern in _KINDS)


def fill_payment(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    user = ctx.user() or {}
    methods: dict[str, dict[str, Any]] = user.get("payment_methods") or {}
    order = ctx.order(str(frame.slots["order"])) if "order" in frame.slots else None
    original = _original_method(order)
    refused = set(frame.slots.get("_refused_methods") or ())
    allowed = [m for m in _allowed_methods(slot.rule, methods, original) if m not in refused]
    not_on_file = False  # "refund it to my amex" with no Amex on the account
    for text in sources(ctx, frame):
        picked = picked_option(ctx, frame, text, slot.name)
        found = [picked] if picked else payment_mentions(text, methods, original)
        if not found:
            not_on_file = not_on_file or names_payment_kind(text)
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
    if not_on_file:
        ctx.say("payment_not_on_file")
    elif slot.rule is PaymentRule.refund and len(allowed) == 1 and frame.asked != slot.name:
        frame.slots[slot.name] = allowed[0]
        return Fill.filled
    options = [(describe.payment_label(methods[m]), m) for m in allowed]
    if not options:
        ctx.say("no_payment_method")
        return Fill.ended
    return offer(ctx, frame, slot.name, f"ask_payment_{slot.rule}", options)


def _original_method(order: dict[str, Any] | None) -> str | None:
    history = (order or {}).get("payment_history") or []
    return str(history[0]["payment_method_id"]) if history else None


def _allowed_methods(
    rule: PaymentRule | None, methods: dict[str, dict[str, Any]], original: str | None
) -> list[str]:
    if rule is PaymentRule.refund:
        return [m for m, v in methods.items() if m == original or v.get("source") == "gift_card"]
    if rule is PaymentRule.other:
        return [m for m in methods if m != original]
    return list(methods)


# Addresses


_DEFAULT_ADDRESS = re.compile(
    r"\b(?:default|account|profile|home|usual|on file)\b.*\baddress\b|\baddress\b.*\bon file\b"
    r"|\b(?:address|one) (?:on|in|of|from) (?:my|the) (?:account|profile)\b",
    re.IGNORECASE,
)


_SAME_ADDRESS = re.compile(
    r"\b(?:same|that|its|the)\b[^.?!]{0,20}\b(?:address|place)\b[^.?!]{0,40}\b(?:order|as)\b"
    r"|\baddress (?:of|from|on) (?:my|the|that) (?:other )?(?:order|#)"
    r"|\b(?:on|in|from) (?:one of )?my (?:other )?orders\b"
    r"|\b(?:match(?:es|ing)?|like|same as(?: on| in)?|as on|as in)"
    r" (?:the (?:one|address) (?:on|of|in) )?(?:my |the |that )?(?:other )?(?:order,? )?#?w?\d{7}\b",
    re.IGNORECASE,
)


def names_other_orders_address(text: str) -> bool:
    """ "The same address as my luggage order", "the address on my other order"."""
    return _SAME_ADDRESS.search(text) is not None


def _other_order_address(ctx: TurnContext, frame: Frame, text: str) -> dict[str, str] | None:
    """ "The same address as my luggage order": the address another of the orders ships to."""
    if not names_other_orders_address(text):
        return None
    own = frame.slots.get("order")
    orders = [o for o in ctx.customer_orders() if o["order_id"] != own]
    ids = [i for i in order_ids(text) if i != own]
    named = (
        [o for o in orders if o["order_id"] in ids]
        or orders_with_named_items(text, orders)
        or [o for o in orders if names_place_of(text, o.get("address") or {})]
    )
    addresses = {
        tuple(sorted(o["address"].items())): o["address"] for o in named if o.get("address")
    }
    if len(addresses) != 1:
        return None
    return address_from_backoffice(next(iter(addresses.values()))).to_backoffice()


_NEW_PLACE = re.compile(
    r"\b(?:new|current) (?:place|home|house|address|apartment|flat)\b", re.IGNORECASE
)


def _new_place_address(ctx: TurnContext, frame: Frame, text: str) -> dict[str, str] | None:
    """ "The luggage set I bought was shipped to the new place": that order's address."""
    if not _NEW_PLACE.search(text):
        return None
    own = frame.slots.get("order")
    orders = [o for o in ctx.customer_orders() if o["order_id"] != own]
    for clause in re.split(r"[.;!?]+|\bbut\b", text):
        went = SENT_TO.search(clause)
        if went is None or not _NEW_PLACE.search(clause[went.end() :]):
            continue
        named = [o for o in orders_with_named_items(clause, orders) if o.get("address")]
        if len(named) == 1:
            return address_from_backoffice(named[0]["address"]).to_backoffice()
    return None


def _names_other_place(ctx: TurnContext, text: str, default: dict[str, Any]) -> bool:
    """ "My Washington DC address" while the default address is in Denver."""
    if names_place_of(text, default):
        return False
    return any(names_place_of(text, o.get("address") or {}) for o in ctx.customer_orders())


def fill_address(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    for text in sources(ctx, frame):
        found = _address_in(ctx, frame, text)
        if found is not None:
            frame.slots[slot.name] = ctx.state.last_address = found
            return Fill.filled
    if frame.asked == slot.name and ctx.target is frame:
        ctx.say("address_incomplete")
    ctx.ask(frame, slot.name, "ask_address")
    return Fill.asked


_THAT_ADDRESS = re.compile(
    r"\b(?:make|set|use) (?:it|that|this|the same)\b|\b(?:same|that|this) address\b"
    r"|\b(?:correct|fix) it\b",
    re.IGNORECASE,
)


_TO_NEW_PLACE = re.compile(  # "... and my default address to the new home" (just found)
    r"\bto (?:my|the) (?:new|current) (?:place|home|house|address|apartment|flat)\b", re.IGNORECASE
)
_FORMER = re.compile(
    r"\b(?:back|revert|undo)\b|\b(?:what|how) it was\b|\b(?:previous|old|original|former)"
    r" (?:address|one)\b",
    re.IGNORECASE,
)


def _address_in(ctx: TurnContext, frame: Frame, text: str) -> dict[str, str] | None:
    parsed = parse_address(text)
    if parsed is not None:
        return parsed.to_backoffice()
    other = _other_order_address(ctx, frame, text) or _new_place_address(ctx, frame, text)
    if other is not None:
        return other
    if frame.flow == "update_account_address" and ctx.state.former_address and _FORMER.search(text):
        return address_from_backoffice(ctx.state.former_address).to_backoffice()  # "back to..."
    if ctx.state.last_address and (_THAT_ADDRESS.search(text) or _TO_NEW_PLACE.search(text)):
        return ctx.state.last_address  # "... and make it my default address too", "correct it"
    if frame.flow == "update_account_address":
        return None
    user = ctx.user() or {}
    default = user.get("address")
    if default and _DEFAULT_ADDRESS.search(text) and not _names_other_place(ctx, text, default):
        return address_from_backoffice(default).to_backoffice()
    return None


# Products


def fill_product(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    catalog = ctx.catalog()
    names = list(catalog)
    for text in sources(ctx, frame):
        mentions = find_mentions(text, names)
        if mentions:
            frame.slots[slot.name] = [catalog[names[m.index]] for m in mentions]
            return Fill.filled
    ctx.ask(frame, slot.name, "ask_product")
    return Fill.asked
