"""Which items of an order: by name, "all except...", "the cheaper one", or asked."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.flows import SlotSpec
from frontline.agent.engine.pack import Fill
from frontline.agent.engine.state import ASKS_WHAT_IS, Frame
from frontline.agent.reading.mentions import Mention, find_mentions, mentioned_items
from frontline.agent.retail import describe
from frontline.agent.retail.slots.choices import offer, picked_option, sources
from frontline.agent.retail.slots.descriptions import (
    CHEAPER,
    CLAUSE,
    NOT_CLOSING,
    PRICIER,
    SENTENCE,
    words,
)

# not "that's all", "that is everything", which close what was said, nor "not sure all of it is
# possible", which doubts the requests and picks no item
_ALL = re.compile(
    rf"{NOT_CLOSING}"
    r"\b(?:all|every(?:thing)?|entire|whole)\b"
    r"(?!(?: of (?:it|this|that|these|those|them))? (?:is|are|will be|would be|can be|'s)"
    r" (?:possible|doable|allowed|ok(?:ay)?|fine)\b)",
    re.IGNORECASE,
)
_ALL_ITEMS = re.compile(
    r"(?<!\bare )(?<!'re )(?<!\bis )(?<!'s )\ball (?:of )?(?:my|the|its|their|those) (?:items|products|things|stuff)\b",
    re.IGNORECASE,  # not "those are all the items I want to change"
)
_ONE_OF = re.compile(r"\bone of (?:them|those|these|the)\b|\b(?:only|just) one\b", re.IGNORECASE)
_THEM_ALL = re.compile(r"\b(?:them|they|those|these) all\b", re.IGNORECASE)
_EXCEPT = re.compile(
    r"\b(?:except|but not|other than|apart from|besides|but the|everything else|the rest)\b",
    re.IGNORECASE,
)
# "I'm keeping the camera", "not the 5 foot one": the items after these words, up to the end
# of their clause, are the ones the customer leaves out
_KEPT = re.compile(
    r"\b(?:keep(?:ing)?|hang(?:ing)? on to|hold(?:ing)? on to|leav(?:e|ing)|except(?: for)?"
    r"|other than|apart from|without|not (?:the|my|that|this|a|an|any|including))\b",
    re.IGNORECASE,
)
_ACTION_VERB = re.compile(
    r"\b(?:return|exchange|change|swap|replace|cancel|modify|send back)\b", re.IGNORECASE
)
_PLURAL_KEEP = re.compile(r"\b(?:are|stay)\b", re.IGNORECASE)
_LIST_GAP = re.compile(r"\s*(?:,|,?\s*and|&)\s*(?:the|my|a|an)?\s*", re.IGNORECASE)
_KEPT_AFTER = re.compile(
    # "the tablets in there are fine": a place may stand between the item and what keeps it
    r"(?:\s+(?:in|on|from) (?:there|it|that|this|the order|that order|this order))?"
    r"(?:\s*(?:i'?m|i am|i'?ll|i will|we'?re|we'?ll)\s+keep(?:ing)?\b"
    r"|\s*(?:can|will|should)\s+(?:stay|remain)\b|\s*(?:stays?|remains?|(?:is|are)(?: all)? fine)\b"
    r"|\s*(?:(?:is|are|'re|'s)\s+)?(?:staying|remaining)\b)",
    re.IGNORECASE,
)
# the same words, anywhere in a clause: "the black ones are fine", "that one can stay"
_STAYS = re.compile(
    r"\b(?:(?:can|will|should) (?:stay|remain)|stays?|remains?|(?:is|are)(?: all)? fine"
    r"|(?:is|are) (?:staying|remaining))\b|'(?:s|re) (?:staying|remaining)\b",
    re.IGNORECASE,
)
_DETERMINER = re.compile(r"\b(?:the|my|that|this|those|these)\b", re.IGNORECASE)
# the items of an answer to "which order?" that say what the order holds
_DESCRIBES_ORDER = re.compile(
    r"\b(?:it|that|this|which|the order|that order|this order|the one|that one) (?:has|had|holds"
    r"|contains|included|includes|came with|was for)\b|\bthe one (?:with|that has)\b"
    r"|\border (?:with|containing)\b|#?w\d{7},?\s+(?:with|containing|(?:that|which) (?:has|had))\b",
    re.IGNORECASE,
)
# "everything else the same", "everything else in the order stays as it is", "the rest is fine"
_REST_UNCHANGED = re.compile(
    r"\b(?:everything|all|the rest)(?: else)?(?: (?:in|on|of) (?:the|this|that|my) order| in there)?"
    r"(?:(?: (?:can|should|will|to))? (?:stays?|remains?)(?: (?:the same|as (?:it is|is|they are|before)"
    r"|unchanged|put))?"
    r"|(?: (?:is|are|can|should|to))?(?: be)? (?:the same|as (?:it is|is|before)|unchanged|fine"
    r"|ok(?:ay)?))\b",
    re.IGNORECASE,
)
# "and everything", "and all that", "and stuff" at a clause's end: "and so on", not every item
_AND_SO_ON = re.compile(
    r",?\s*\b(?:and|&) (?:everything|all(?: that)?|stuff|the like)\b(?=\s*(?:[,.;!?]|$|just\b))",
    re.IGNORECASE,
)
# "the backpack I got with the vacuum cleaner": the vacuum cleaner only says which order
_CAME_WITH = re.compile(
    r"\b(?:(?:i |we )?(?:got|bought|ordered|received)|came|arrived|shipped)"
    r"(?: together)? (?:along )?with\b|\bin the same order as\b"
    r"|\b(?:was|were|came|is|are) in (?:a|an|the|my|one)(?: \w+)? order (?:with|that had)\b"
    r"|\border, the one (?:with|that has|that had|containing)\b",
    re.IGNORECASE,  # "the headphones were in a bigger order with a vacuum", "my other order,
)  # the one with the desk lamp"


# "#W6717215: the charger, a makeup kit and a t-shirt": the order, then only what it holds
_ORDER_THEN_LIST = re.compile(r"#?\bw\d{7}\s*[:\-–]\s*(?:the|a|an|my)\b", re.IGNORECASE)
_ASKS_FOR = re.compile(
    rf"{_ACTION_VERB.pattern}|\b(?:want|need|would like|'d like|wanna|instead|please)\b",
    re.IGNORECASE,
)


def _describes_order(answer: str) -> bool:
    """An answer to "which order?" whose items say what the order holds, not what to act on."""
    if _DESCRIBES_ORDER.search(answer):
        return True
    return bool(_ORDER_THEN_LIST.search(answer)) and not _ASKS_FOR.search(answer)


def chosen_items(text: str, items: Sequence[dict[str, Any]]) -> list[int] | None:
    """Indexes of the items ``text`` picks, or None when it names none."""
    text = _REST_UNCHANGED.sub(" ", text)  # "everything else the same" chooses nothing
    text = _AND_SO_ON.sub(" ", text)  # "same battery and everything, just blue" neither
    mentions = mentioned_items(text, items)
    kept = _kept_items(text, mentions)
    if kept:
        mentions = [m for m in mentions if m.index not in kept]
        if not mentions:  # only what stays is named: everything else, or not said yet
            return [i for i in range(len(items)) if i not in kept] if _ALL.search(text) else None
    named = sorted({m.index for m in mentions})
    only = _only_these(text, mentions)
    if only:  # "just the espresso machine. the chair and the yoga mat stay where they are"
        named = only
    came_with = _CAME_WITH.search(text)
    if came_with:
        before = sorted({m.index for m in mentions if m.end <= came_with.start()})
        named = before or named
    if named and _keeps_the_rest(text):
        return named
    if _EXCEPT.search(text) and named and _ALL.search(text):
        return [i for i in range(len(items)) if i not in named]
    if _ALL_ITEMS.search(text):  # "upgrade all my items ... the shoes stay the same size"
        return list(range(len(items)))
    if len(named) > 1 and len({items[i]["name"] for i in named}) == 1:
        prices = sorted((float(items[i]["price"]), i) for i in named)
        if CHEAPER.search(text):
            return [prices[0][1]]  # "the cheaper tablet" of two
        if PRICIER.search(text):
            return [prices[-1][1]]
    if named:
        return named
    if _ALL.search(_THEM_ALL.sub(" ", text)):  # not "make them all purple"
        return list(range(len(items)))
    return None


_JUST = re.compile(r"\b(?:just|only)(?: the| my| that| this)?\s*$", re.IGNORECASE)
_TOO = re.compile(r"\b(?:too|also|as well|plus)\b", re.IGNORECASE)


def _only_these(text: str, mentions: Sequence[Mention]) -> list[int]:
    """The items of the sentence that says "just" or "only" before its first item, when the
    message names others elsewhere (what stays, what the order holds)."""
    for first in mentions:
        if not _JUST.search(text[max(0, first.start - 12) : first.start]):
            continue
        end = SENTENCE.search(text, first.end)
        stop = end.start() if end else len(text)
        if _TOO.search(text, stop):
            return []  # "just the chair. oh, and the yoga mat too"
        these = sorted({m.index for m in mentions if first.start <= m.start < stop})
        return these if len(these) < len({m.index for m in mentions}) else []
    return []


def _keeps_the_rest(text: str) -> bool:
    """ "I'm keeping everything else": the items named are the ones chosen, not the rest."""
    for cue in _KEPT.finditer(text):
        boundary = CLAUSE.search(text, cue.end())
        if _ALL.search(text[cue.end() : boundary.start() if boundary else len(text)]):
            return True
    return False


def kept_items(text: str, items: Sequence[dict[str, Any]]) -> set[int]:
    """Indexes of the items ``text`` leaves out ("keep the boots", "the lamp is fine")."""
    return _kept_items(text, mentioned_items(text, items))


def _in_kept_list(text: str, earlier: Mention, later: Mention) -> bool:
    """``earlier`` is listed with ``later`` ("the kettle, puzzle and skateboard are fine"), not
    the end of what the sentence asks for ("return the grill and the kettle, the puzzle and
    the skateboard stay": a comma after an action's objects ends them)."""
    if not _LIST_GAP.fullmatch(text, earlier.end, later.start):
        return False
    if "," not in text[earlier.end : later.start]:
        return True
    sentence = max(text.rfind(mark, 0, earlier.start) for mark in ".!?;")
    return _ACTION_VERB.search(text, sentence + 1, earlier.start) is None


def _kept_items(text: str, mentions: Sequence[Mention]) -> set[int]:
    """Items named after a word that leaves them out, within that clause, and items followed
    by one ("the hiking boots I'm keeping", "the lamp can stay")."""
    kept: set[int] = set()
    for at, m in enumerate(mentions):
        boundary = CLAUSE.search(text, m.end)
        end = boundary.start() if boundary else len(text)
        after = _KEPT_AFTER.match(text, m.end, end)
        # "the boots I'm keeping", not "the hose im keeping the camera" (no punctuation): a
        # keep with an object of its own keeps that object
        governs = (
            after
            and not any(after.end() <= o.start < end for o in mentions)
            and not _ALL.search(text, after.end() if after else 0, end)
        )
        if governs:
            kept.add(m.index)
            # "the kettle, puzzle, dumbbells and skateboard are all fine": the whole list
            # (a plural keep only: "return the grill, the kettle is fine" keeps the kettle)
            plural = after is not None and _PLURAL_KEEP.search(after.group(0)) is not None
            first = at
            while (
                plural and first > 0 and _in_kept_list(text, mentions[first - 1], mentions[first])
            ):
                first -= 1
                kept.add(mentions[first].index)
    for cue in _KEPT.finditer(text):
        boundary = CLAUSE.search(text, cue.end())
        end = boundary.start() if boundary else len(text)
        kept |= {m.index for m in mentions if cue.end() <= m.start < end}
    return kept


_SEVERAL = re.compile(
    r"\b(?:both|all|two|three|each|every(?:thing)?|whole|entire)\b", re.IGNORECASE
)
# "I want both exchanged", "all of them": several of whatever was named (not "both the
# kettle and the toothbrush", which names two products)
_SEVERAL_ALONE = re.compile(
    r"\bboth\b(?! (?:the|my|a|an)\b)|\b(?:all|each|both|every one) of (?:them|those|these)\b",
    re.IGNORECASE,
)
# "there are two espresso machines (, I want to change the 9 bar one)": a count that says what
# the order holds, not how many the customer means
_HOLDS = re.compile(
    r"\b(?:there(?:'re| are| were)|i (?:have|had|got|ordered|bought)"
    r"|(?:it|order(?: #?w\d+)?|that|this) (?:has|had|holds|contains))\b",
    re.IGNORECASE,
)
_NEAR = 4  # words before a product's name that may quantify it ("the two electric kettles")


def _several_meant(text: str, name: str) -> bool:
    """The customer speaks of more than one ``name``: "both toothbrushes", "the two kettles",
    "all three of them"; not "three things: the kettle, the black toothbrush, ..."."""
    if _SEVERAL_ALONE.search(text):
        return True
    for mention in find_mentions(text, [name]):
        clause_start = max((m.end() for m in CLAUSE.finditer(text, 0, mention.start)), default=0)
        before = " ".join(text[clause_start : mention.start].split()[-_NEAR:])
        if _SEVERAL.search(before) and not _HOLDS.search(before):
            return True
    return False


def _twins(text: str, items: Sequence[dict[str, Any]], indexes: list[int]) -> list[int]:
    """Chosen items that share a name the customer used once, in the singular."""
    by_name: dict[str, list[int]] = {}
    for i in indexes:
        by_name.setdefault(str(items[i]["name"]), []).append(i)
    for name, group in by_name.items():
        distinct = len({str(items[i]["item_id"]) for i in group}) > 1
        single = _said_in_singular(text, [name]) and not _several_meant(text, name)
        if len(group) > 1 and distinct and single:
            return group
    return []


def _like_items(text: str, items: Sequence[dict[str, Any]], indexes: list[int]) -> list[int]:
    """Chosen items that share a name, when the words may tell one apart ("the black earbuds,
    the ones with the 4 hour battery"); none when the customer says both or all."""
    by_name: dict[str, list[int]] = {}
    for i in indexes:
        by_name.setdefault(str(items[i]["name"]), []).append(i)
    groups = [
        g
        for name, g in by_name.items()
        if len({str(items[i]["item_id"]) for i in g}) > 1 and not _several_meant(text, name)
    ]
    found = len(groups) == 1 and described_twin(text, items, groups[0]) is not None
    return groups[0] if found else []


def _said_in_singular(text: str, names: list[str]) -> bool:
    """``text`` names these products, and never in the plural. A name that is plural itself
    ("Wireless Earbuds", "Running Shoes": one pair) says nothing by its form."""
    written = find_mentions(text, names)
    return bool(written) and not any(
        text[m.start : m.end].lower().endswith("s") and not _plural_name(names[m.index])
        for m in written
    )


def _plural_name(name: str) -> bool:
    head = name.lower().split()[-1]
    return head.endswith("s") and not head.endswith("ss")


def _option_words(item: dict[str, Any]) -> set[str]:
    return words(" ".join(map(str, (item.get("options") or {}).values())))


_CHANGED_TO = re.compile(r"\b(?:to|into|for) (?:the|a|an)\b", re.IGNORECASE)
_WANTED_AFTER = re.compile(rf"(?<!\d):(?!\d)|{_CHANGED_TO.pattern}", re.IGNORECASE)


_NOT = re.compile(r"\bnot\b|n't\b", re.IGNORECASE)


def _one_of_a_kind(text: str, items: Sequence[dict[str, Any]], indexes: list[int]) -> bool:
    """Identical items (one item id twice) named once in the singular: one of them."""
    ids = [str(items[i]["item_id"]) for i in indexes]
    if len(set(ids)) == len(ids):
        return False
    names = {str(items[i]["name"]) for i in indexes if ids.count(str(items[i]["item_id"])) > 1}
    several = any(_several_meant(text, name) for name in names)
    return not several and _said_in_singular(text, sorted(names))


def described_twin(text: str, items: Sequence[dict[str, Any]], twins: list[int]) -> int | None:
    """The one of several like items whose options the customer describes ("the black one,
    not the navy one"); None when the words don't single one out."""
    if not twins:
        return None
    # "the green one; keep the black one as it is": a kept one is not the one meant, from the
    # word that keeps it on ("just the green speaker i'd like to keep the black one")
    said = []
    for part in CLAUSE.split(text):
        clause = _CHANGED_TO.split(part)[0]  # "the manual one to the automatic one": not new
        kept = _KEPT.search(clause) or _STAYS.search(clause)  # "the black ones are fine"
        head, tail = (clause[: kept.start()], clause[kept.start() :]) if kept else (clause, "")
        if kept and kept.re is _STAYS:
            # what stays is named before the words that keep it, from its own determiner on
            # ("the blue pair the black pair is fine", punctuation or not)
            start = max(
                (m.start() for m in _DETERMINER.finditer(clause, 0, kept.start())), default=0
            )
            head, tail = clause[:start] + " " + clause[kept.end() :], clause[start : kept.end()]
        said += [(words(head), bool(_NOT.search(head))), (words(tail), True)]
    return _best_twin(items, twins, said)


def spoken_twin(text: str, items: Sequence[dict[str, Any]], twins: list[int]) -> int | None:
    """The one of several like items that ``text`` speaks of, wanted or not ("not the other
    pair with 6 hours"); None when its words fit none or more than one."""
    if len(twins) < 2:
        return None
    # "the chair with fixed armrests: leather, adjustable armrests": what it is now comes
    # before the colon (or "to a ..."); what the customer wants after it tells no twin
    described = _WANTED_AFTER.split(text, maxsplit=1)[0]
    return _best_twin(items, twins, [(words(described), False)])


def _best_twin(
    items: Sequence[dict[str, Any]], twins: list[int], said: list[tuple[set[str], bool]]
) -> int | None:
    # only the words that tell them apart count ("4 hours" vs "6 hours": the 4 and the 6)
    shared = set.intersection(*(_option_words(items[i]) for i in twins))
    scores = []
    for i in twins:
        own = _option_words(items[i]) - shared
        scores.append(sum((-1 if negated else 1) * len(own & w) for w, negated in said))
    best = max(scores)
    if best <= 0 or scores.count(best) > 1:
        return None
    return twins[scores.index(best)]


def _described_item(ctx: TurnContext, frame: Frame, items: Sequence[dict[str, Any]]) -> str | None:
    """An offered item picked by its description ("the robotic one")."""
    offered = [str(value) for _, value in frame.slots.get("_offered_items") or []]
    if not offered or ctx.target is not frame:
        return None
    named = mentioned_items(ctx.text, items)
    if named and "_items_partial" not in frame.slots:
        return None  # the customer names items: they are chosen by name, not description
    candidates = [i for i in items if str(i["item_id"]) in offered]
    priced = sorted((float(i["price"]), str(i["item_id"])) for i in candidates)
    cheaper, pricier = CHEAPER.search(ctx.text), PRICIER.search(ctx.text)
    if len(priced) > 1 and bool(cheaper) != bool(pricier):  # "the more expensive one"
        return priced[0][1] if cheaper else priced[-1][1]
    described = _CHANGED_TO.split(ctx.text)[0]  # "the 17-inch one to the 13-inch one"
    if len(candidates) == 1:  # the one offered, by a word of its options
        fits = words(described) & _option_words(candidates[0])
        return str(candidates[0]["item_id"]) if fits else None
    # by the words that tell them apart: "the BLUE ones. the black ones are fine"
    found = described_twin(described, items, [items.index(i) for i in candidates])
    return None if found is None else str(items[found]["item_id"])


def _absent_product(ctx: TurnContext, items: Sequence[dict[str, Any]]) -> str | None:
    """The words of a catalog product the message names that the order does not hold, when it
    names none of the order's items: its options alone ("black") must not pick another item."""
    if mentioned_items(ctx.text, items):
        return None
    held = {str(i["name"]) for i in items}
    # every name is looked for at once, so that an item's own name is not another's by its head
    names = sorted({*ctx.catalog(), *held})
    absent = [
        m
        for m in find_mentions(ctx.text, names)
        if names[m.index] not in held and _whole_head(ctx.text[m.start : m.end], names[m.index])
    ]
    return ctx.text[absent[0].start : absent[0].end] if absent else None


def _whole_head(written: str, name: str) -> bool:
    """The words end in the name's own head noun, singular or plural: "charge" is a verb, not
    a misspelt "Charger"."""
    last, head = written.lower().split()[-1], name.lower().split()[-1]
    return last in {head, f"{head}s", f"{head}es", head.removesuffix("s")}


def fill_items(ctx: TurnContext, frame: Frame, slot: SlotSpec) -> Fill:
    order = ctx.order(str(frame.slots["order"]))
    assert order is not None  # the order slot comes first and was read
    items = order.get("items") or []
    partial = frame.slots.get("_items_partial")
    for text in sources(ctx, frame):
        if ctx.answered_order and text == ctx.text and _describes_order(text):
            continue  # "#W6146740, it has the boots, a clock and the laptop": which order, only
        absent = _absent_product(ctx, items) if text == ctx.text else None
        if absent is not None:  # "the black running shoes" for an order without any
            labels = [(describe.item_line(i), str(i["item_id"])) for i in items]
            return offer(
                ctx,
                frame,
                "items",
                "ask_items_absent",
                labels,
                order_id=order["order_id"],
                name=absent,
            )
        picked = picked_option(ctx, frame, text, "items") or _described_item(ctx, frame, items)
        if picked:
            frame.slots[slot.name] = [*(partial or []), picked]
            return Fill.filled
        indexes = chosen_items(text, items)
        if indexes and partial is None:
            twins = _twins(text, items, indexes) or _like_items(text, items, indexes)
            described = described_twin(text, items, twins)
            if described is not None:  # "the black backpack, not the navy one"
                indexes = [i for i in indexes if i not in twins or i == described]
                twins = []
            if twins:  # "a vacuum cleaner" but the order has two: ask which one
                frame.slots["_items_partial"] = [
                    str(items[i]["item_id"]) for i in indexes if i not in twins
                ]
                labels = [(describe.item_line(items[i]), str(items[i]["item_id"])) for i in twins]
                frame.slots[ASKS_WHAT_IS] = True  # the answer describes the item as it is
                return offer(
                    ctx, frame, "items", "ask_which_item", labels, name=items[twins[0]]["name"]
                )
            chosen = [str(items[i]["item_id"]) for i in indexes]
            if _ONE_OF.search(text) or _one_of_a_kind(text, items, indexes):
                chosen = list(dict.fromkeys(chosen))  # two identical bottles, "a water bottle"
            frame.slots[slot.name] = chosen
            return Fill.filled
    if len(items) == 1:
        frame.slots[slot.name] = [str(items[0]["item_id"])]
        return Fill.filled
    labels = [(describe.item_line(i), str(i["item_id"])) for i in items]
    return offer(ctx, frame, "items", "ask_items", labels, order_id=order["order_id"])
