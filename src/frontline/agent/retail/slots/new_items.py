"""The variant the customer wants instead of each item (exchanges and item changes)."""

from __future__ import annotations

import re
from typing import Any

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.flows import SlotSpec
from frontline.agent.engine.pack import Fill
from frontline.agent.engine.state import Frame
from frontline.agent.reading.mentions import Mention, find_mentions, mentioned_items
from frontline.agent.retail import describe
from frontline.agent.retail.slots.choices import (
    ITEM_NUMBER,
    offer,
    picked_option,
    sources,
)
from frontline.agent.retail.slots.descriptions import LIKE_OTHER, SENTENCE
from frontline.agent.retail.slots.items import spoken_twin
from frontline.agent.retail.variants import (
    ChoiceStatus,
    VariantChoice,
    Wish,
    choose_variant,
    describe_options,
)
from frontline.agent.retail.wishes import read_wishes

# New items (exchange, modify)

# An answer to "which order?" that says what the customer wants, not only what they have
_WANTS = re.compile(
    r"\b(?:i|we|kid|son|daughter) (?:\w+ )?(?:want|wants|need|needs|would like|'d like|prefer)"
    r"|\b(?:instead|rather than|more|fewer|less|larger|bigger|smaller|exchange|swap|change)\b",
    re.IGNORECASE,
)


def _named_variant(
    ctx: TurnContext, frame: Frame, item: dict[str, Any], variants: dict[str, Any]
) -> str | None:
    """A variant of the item's product named by its item id (not the item itself)."""
    for text in sources(ctx, frame):
        named = [n for n in ITEM_NUMBER.findall(text) if n in variants and n != item["item_id"]]
        if len(set(named)) == 1:
            return str(named[0])
    return None


KEEP = "keep"  # "all items to their cheapest options": this item has nothing cheaper
SAME = "same"  # the very variant the item is: the policy wants other options, so it stays
ENDED = "ended"  # the customer wants only the item as it is, again: nothing to change


def fill_new_items(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    order = ctx.order(str(frame.slots["order"]))
    assert order is not None
    items = {str(i["item_id"]): i for i in order.get("items") or []}
    item_ids = [str(i) for i in frame.slots["items"]]
    chosen: dict[str, str] = dict(frame.slots.get("_new") or {})
    for item_id in item_ids:
        item = items[item_id]
        product = ctx.product(str(item["product_id"]))
        if item_id in chosen and (
            product is None or _still_fits(ctx, frame, item, product, chosen[item_id], item_ids)
        ):
            continue
        if product is None:
            ctx.say("product_unreadable", name=item["name"])
            return Fill.ended
        outcome = _choose_for(ctx, frame, item, product, item_ids)
        if outcome is None:
            frame.slots["_new"] = chosen
            return Fill.asked
        if outcome == ENDED:
            if not frame.slots.get("_left_as_is"):  # said once, though read twice this turn
                ctx.say("same_variant_left", name=product["name"])
            frame.slots["_left_as_is"] = True
            return Fill.ended
        chosen[item_id] = outcome
    frame.slots["_new"] = chosen
    for marker in (KEEP, SAME):
        if len(item_ids) < 2 or marker not in chosen.values():
            continue
        # "everything to its cheapest option": the items already at their cheapest stay;
        # "the same sneakers again, and the bigger espresso machine": the sneakers stay
        kept = [i for i in item_ids if chosen[i] == marker]
        if kept != frame.slots.get(f"_left_out_{marker}"):  # said once, not when read anew
            names = describe.join_words(items[i]["name"] for i in kept)
            if marker == KEEP:
                ctx.say("already_cheapest", items=names)
            else:
                ctx.say("same_variant_left_out", items=names)
        frame.slots[f"_left_out_{marker}"] = kept
        item_ids = [i for i in item_ids if chosen[i] != marker]
        frame.slots["items"] = item_ids
        if not item_ids:
            return Fill.ended
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
        words = _item_words(ctx, frame, item, item_ids, ctx.text, asking)
        picked = picked_option(ctx, frame, ctx.text, "new_items") or _priced_pick(
            frame, words, variants
        )
        if picked:
            return picked
    named = _named_variant(ctx, frame, item, variants) or _like_other_item(ctx, frame, item)
    if named is not None:  # "item number 9844888101", "the same type as the one I received"
        return named
    wishes = _wishes_for(ctx, frame, item, product, item_ids, asking)
    cheapest = _cheapest(ctx, frame, item, product, wishes, item_ids, asking)
    if cheapest is not None:
        return cheapest
    if wishes:
        choice = choose_variant(product, str(item["item_id"]), wishes)
        browsing = not asking and any(_ASKS_OPTIONS.search(t) for t in sources(ctx, frame))
        if browsing:  # "... a shorter bamboo one. What options do you have?": all of them
            choice = _all_fitting(product, item, wishes)
        if choice.status is ChoiceStatus.FOUND and choice.item_id:
            return choice.item_id
        options = [
            (describe.item_line({**variants[v], "name": product["name"]}), v)
            for v in choice.candidates
        ]
        frame.slots["_asking"] = item["item_id"]
        if choice.status is ChoiceStatus.AMBIGUOUS:
            offer(ctx, frame, "new_items", "ask_variant_choice", options, name=product["name"])
        else:
            unmet = describe.join_words(
                describe_options({w.option: "/".join(w.values)}) for w in wishes if w.strict
            )
            key = "no_variant_alternatives" if options else "no_variant"
            current = item.get("options") or {}
            if options and all(current.get(w.option) in w.values for w in wishes if w.strict):
                key = "same_variant"  # "the exact same one": the policy wants other options
                if len(item_ids) > 1:
                    return SAME  # the other items change; this one is left out (said above)
                if frame.slots.get("_same_asked") == item["item_id"]:
                    return ENDED  # the same one again, after being told: nothing to change
                frame.slots["_same_asked"] = item["item_id"]
            offer(ctx, frame, "new_items", key, options, name=product["name"], wanted=unmet)
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
    offer(ctx, frame, "new_items", "ask_new_options", available, item=describe.item_label(item))
    return None


_ASKS_OPTIONS = re.compile(
    r"\bwhat (?:options|choices|do you have|are (?:the|my) options)\b|\bwhich (?:options|ones)\b"
    r"|\b(?:tell|show|list)(?: me)? (?:all|every)\b[^.?!]{0,30}\b(?:ones|options|variants)\b",
    re.IGNORECASE,
)


def _still_fits(
    ctx: TurnContext,
    frame: Frame,
    item: dict[str, Any],
    product: dict[str, Any],
    chosen: str,
    item_ids: list[str],
) -> bool:
    """Whether the variant chosen earlier still meets what this message wishes for the item
    ("and for the earbuds, blue ones with 8 hours" after blue ones were chosen)."""
    if ctx.target is not frame or chosen == KEEP:
        return True
    segment = segment_for(ctx.text, item, ctx, frame, item_ids)
    wishes = _new_wishes(read_wishes(segment, product, item.get("options") or {}), item, segment)
    options = ((product.get("variants") or {}).get(chosen) or {}).get("options") or {}
    return all(options.get(w.option) in w.values for w in wishes if w.strict)


def _new_wishes(wishes: list[Wish], item: dict[str, Any], segment: str) -> list[Wish]:
    """No wishes when all of them are what the item already is ("the black earbuds with the
    4 hour battery" names the item), unless the words ask to keep it ("the same color")."""
    current = item.get("options") or {}
    if _KEEPS.search(segment) or any(set(w.values) - {current.get(w.option)} for w in wishes):
        return wishes
    return []


_KEEPS = re.compile(r"\b(?:same|identical|exact|keep|keeping|still|again)\b", re.IGNORECASE)


def _fitting(product: dict[str, Any], item: dict[str, Any], wishes: list[Wish]) -> tuple[str, ...]:
    """The available variants other than the item that meet every strict wish."""
    return tuple(
        k
        for k, v in (product.get("variants") or {}).items()
        if v.get("available")
        and k != item["item_id"]
        and all(v["options"].get(w.option) in w.values for w in wishes if w.strict)
    )


def _all_fitting(
    product: dict[str, Any], item: dict[str, Any], wishes: list[Wish]
) -> VariantChoice:
    """Every available variant meeting the strict wishes, to offer with their prices."""
    fitting = _fitting(product, item, wishes)
    status = ChoiceStatus.FOUND if len(fitting) == 1 else ChoiceStatus.AMBIGUOUS
    if not fitting:
        return choose_variant(product, str(item["item_id"]), wishes)
    return VariantChoice(status, fitting[0] if len(fitting) == 1 else None, fitting[:6], ())


def _priced_pick(frame: Frame, words: str, variants: dict[str, Any]) -> str | None:
    """ "I'll take the most expensive one" of the options offered."""
    offered = [str(v) for _, v in frame.slots.get("_offered_new_items") or [] if v in variants]
    priciest, cheapest = _PRICIEST.search(words), _CHEAPEST.search(words)
    if not offered or bool(priciest) == bool(cheapest):
        return None
    prices = sorted((float(variants[v]["price"]), v) for v in offered)
    return prices[-1][1] if priciest else prices[0][1]


_RECEIVED = re.compile(r"\b(?:received|got|delivered|arrived)\b", re.IGNORECASE)
_PENDING = re.compile(
    r"\b(?:pending|just ordered|not (?:yet )?(?:shipped|arrived))\b", re.IGNORECASE
)


def _like_other_item(ctx: TurnContext, frame: Frame, item: dict[str, Any]) -> str | None:
    """ "The same type as the one I already received", "the type that's in my pending order":
    the variant of the customer's other item of this product."""
    after = [t[m.end() :] for t in sources(ctx, frame) if (m := LIKE_OTHER.search(t))]
    if not after:
        return None
    others = [
        (o, i)
        for o in ctx.customer_orders()
        for i in o.get("items") or []
        if i["product_id"] == item["product_id"] and i["item_id"] != item["item_id"]
    ]
    for cue, status in ((_RECEIVED, "delivered"), (_PENDING, "pending")):
        if any(cue.search(t) for t in after):  # what is said of the other item
            others = [(o, i) for o, i in others if o["status"] == status] or others
    found = {str(i["item_id"]) for _, i in others}
    return found.pop() if len(found) == 1 else None


_CHEAPEST = re.compile(
    r"\b(?:cheapest|least expensive|lowest(?: |-)price[d]?|lowest cost|most affordable)\b",
    re.IGNORECASE,
)


_PRICIEST = re.compile(
    r"\b(?:most expensive|priciest|highest(?: |-)price[d]?|top of the line)\b", re.IGNORECASE
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
    """ "The cheapest one" ("the most expensive one"): the lowest-priced (highest-priced)
    available variant meeting the strict wishes."""
    texts = [_item_words(ctx, frame, item, item_ids, text, asking) for text in sources(ctx, frame)]
    priciest = any(_PRICIEST.search(t) for t in texts)
    if not priciest and not any(_CHEAPEST.search(t) for t in texts):
        return None
    wishes = [w for w in wishes if w.words]  # what the customer asked for, not kept options
    variants = product.get("variants") or {}
    fitting = [(float(variants[k]["price"]), k) for k in _fitting(product, item, wishes)]
    if not fitting:
        return None
    price, chosen = max(fitting) if priciest else min(fitting)
    better = price > float(item["price"]) if priciest else price < float(item["price"])
    if len(item_ids) > 1 and not wishes and not better:
        return KEEP  # nothing cheaper (pricier): this one stays as it is
    return str(chosen)


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
    wishes: list[Wish] = []
    keep_rest = False  # "the exact same one but with clicky switches": nothing else changes
    identical = False  # "exactly like the one I have": nothing changes at all
    for text in reversed(sources(ctx, frame)):
        if ctx.answered_order and text == ctx.text and not _WANTS.search(text):
            continue  # "the 15-inch one with 32GB" names the current item, not the wish
        segment = _item_words(ctx, frame, item, item_ids, text, asking)
        if not segment:
            continue
        new = _new_wishes(read_wishes(segment, product, item.get("options") or {}), item, segment)
        named = {w.option for w in new}
        wishes = [w for w in wishes if w.option not in named] + new
        keep_rest = keep_rest or bool(_SAME_BUT.search(segment))
        identical = identical or (not new and _IDENTICAL.search(segment) is not None)
        if _ANY_OTHER.search(segment):
            keep_rest = identical = False
    if (wishes and keep_rest) or (identical and not wishes):
        named = {w.option for w in wishes}
        for option, value in (item.get("options") or {}).items():
            if option not in named:
                wishes.append(Wish(option, (value,), strict=True))
    return wishes


def _item_words(
    ctx: TurnContext,
    frame: Frame,
    item: dict[str, Any],
    item_ids: list[str],
    text: str,
    asking: bool,
) -> str:
    """What ``text`` says about ``item``: all of the answer to "what instead of the lamp?",
    unless it speaks of other items too; else the part about this item."""
    whole = (
        asking
        and text == ctx.text
        and ctx.target is frame
        and not _names_other_items(ctx, frame, item)
    )
    return text if whole else segment_for(text, item, ctx, frame, item_ids)


def _names_other_items(ctx: TurnContext, frame: Frame, item: dict[str, Any]) -> bool:
    order = ctx.order(str(frame.slots["order"])) or {}
    items = order.get("items") or []
    return any(items[m.index]["name"] != item["name"] for m in mentioned_items(ctx.text, items))


def _names_other_product(ctx: TurnContext, frame: Frame, product: dict[str, Any]) -> bool:
    """The customer asks for another product ("the shoes for a coat")."""
    # the customer's own items, of this order or another ("a makeup kit and a skateboard
    # from two orders"), are things they speak of, not a product they ask for instead
    in_order = {str(i["name"]) for o in ctx.customer_orders() for i in o.get("items") or []}
    # every name is looked for at once, so that "the tea kettle" of the order is not also the
    # "Electric Kettle" by its head noun
    names = sorted({*ctx.catalog(), *in_order, str(product["name"])})
    text = " ".join(sources(ctx, frame))
    found = find_mentions(text, names)
    own = [m for m in found if names[m.index] == product["name"]]
    others = [
        m for m in found if names[m.index] != product["name"] and names[m.index] not in in_order
    ]
    if others and all(not (o.start >= m.start and o.end <= m.end) for o in others for m in own):
        return True
    return any(_is_other_thing(m[1].lower(), product) for m in _FOR_A_THING.finditer(text))


# "... for a coat", "into a sweater": a thing named after the item, at the end of a clause
_FOR_A_THING = re.compile(
    r"\b(?:for|into|to|with) (?:a|an|some) (?:new |different )?([a-z][a-z-]+)"
    r"(?=\s*(?:$|[.,!?;]|\b(?:instead|please|and|then|but)\b))",
    re.IGNORECASE,
)
_NOT_A_THING = frozenset(
    re.findall(
        r"\w+",
        "one ones size color colour version model variant option style type kind pair set new"
        " different better bigger smaller larger cheaper lighter heavier darker brighter longer"
        " shorter newer refund replacement exchange discount credit",
    )
)


def _is_other_thing(word: str, product: dict[str, Any]) -> bool:
    if word in _NOT_A_THING:
        return False
    if find_mentions(word, [str(product["name"])]):
        return False
    return word not in _option_values(product)


_ANY_OTHER = re.compile(
    r"\b(?:don'?t|do not) (?:care|mind)\b|\bdoesn'?t matter\b|\bany (?:other )?(?:spec|option)",
    re.IGNORECASE,
)
_SAME_BUT = re.compile(
    r"\b(?:same|identical|exact)\b[^.?!]{0,30}\b(?:but|except|only|just)\b", re.IGNORECASE
)
# "a new pair exactly like the ones I have", "the identical one again": every option as it is
_IDENTICAL = re.compile(
    r"\b(?:exactly|just) like (?:the (?:one|ones|pair)|mine|what)\b[^.?!]{0,12}\b(?:have|got|had)\b"
    r"|\b(?:identical|the (?:exact|very) same)(?: one| ones| pair| item| thing)?\b(?! but\b)",
    re.IGNORECASE,
)


_EVERY_ITEM = re.compile(r"\b(?:all|every|each|everything)\b", re.IGNORECASE)
_BOUNDARY = re.compile(r"[,.;!?]|\b(?:and|also|plus|then)\b", re.IGNORECASE)


def segment_for(
    text: str, item: dict[str, Any], ctx: TurnContext, frame: Frame, item_ids: list[str]
) -> str:
    """The part of ``text`` about ``item``: from the end of the other item named before it
    ("a bigger water bottle") to the next other item's name."""
    order = ctx.order(str(frame.slots["order"]))
    assert order is not None
    items = order.get("items") or []
    mentions = mentioned_items(text, items)
    if not mentions and (len(item_ids) == 1 or _EVERY_ITEM.search(text)):
        return text  # "switch all the items to their cheapest options"
    mine = [m for m in mentions if str(items[m.index]["item_id"]) == item["item_id"]]
    if not mine and _EVERY_ITEM.search(text):  # "all my items to the priciest. The shoes..."
        return " ".join(c for c in SENTENCE.split(text) if not mentioned_items(c, items))
    if not mine:
        return ""
    others = [m for m in mentions if items[m.index]["name"] != item["name"]]
    product = ctx.product(str(item.get("product_id"))) or {}
    others += _elsewhere(text, items, ctx.customer_orders(), _option_values(product))
    earlier = [m.end for m in others if m.end <= mine[0].start]
    start = max(earlier) if earlier else 0
    boundaries = list(_BOUNDARY.finditer(text, start, mine[0].start))
    if earlier and boundaries:  # "the lamp to a black one, and the backpack...": from "and"
        start = boundaries[-1].start()
    later = [m.start for m in others if m.start > mine[0].end]
    end = min(later) if later else len(text)
    closing = list(_BOUNDARY.finditer(text, mine[0].end, end))
    if later and closing:  # "... size XS. And the medium charcoal grill": up to "And"
        end = closing[-1].start()
    return _without_twin(text[start:end], item, items)


def _option_values(product: dict[str, Any]) -> set[str]:
    """The words of every option value of ``product``'s variants ("glass", "black", "1l")."""
    return {
        w
        for v in (product.get("variants") or {}).values()
        for value in (v.get("options") or {}).values()
        for w in re.findall(r"[a-z0-9-]+", str(value).lower())
    }


def _elsewhere(
    text: str, items: list[dict[str, Any]], orders: list[dict[str, Any]], values: set[str]
) -> list[Mention]:
    """Mentions of products of the customer's other orders ("...; Tablet: 64GB in silver"),
    which end what is said about this order's item; not a word that is one of the item's
    own option values ("the black glass one" names no Sunglasses)."""
    own = sorted({str(i["name"]) for i in items})
    other = sorted({str(i["name"]) for o in orders for i in o.get("items") or []} - set(own))
    if not other:
        return []
    found = find_mentions(text, [*own, *other])
    mine = [m for m in found if m.index < len(own)]
    return [
        m
        for m in found
        if m.index >= len(own)
        and not any(m.start < o.end and o.start < m.end for o in mine)
        and not set(re.findall(r"[a-z0-9-]+", text[m.start : m.end].lower())) <= values
    ]


def _without_twin(segment: str, item: dict[str, Any], items: list[dict[str, Any]]) -> str:
    """The segment less its sentences about another item of the same product ("the 4-hour
    earbuds. Not the other pair with 6 hours, those I keep": the 6 hours is that pair's)."""
    twins = [n for n, i in enumerate(items) if i["name"] == item["name"]]
    if len(twins) < 2:
        return segment
    kept = []
    for sentence in SENTENCE.split(segment):
        spoken = spoken_twin(sentence, items, twins)
        if spoken is None or items[spoken]["item_id"] == item["item_id"]:
            kept.append(sentence)
    return " ".join(kept)
