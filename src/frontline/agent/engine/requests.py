"""The requests a message makes: which flows it asks for, with the words of each.

A message may hold several requests ("cancel #W1 and where is #W2?"). Each clause the
understanding found is a request when its intent has a flow and it is confident enough: less
so when the clause names its own action ("and cancel order #W..."), more so when the agent is
waiting for an answer or the clause is one of several. "Cancel or return every order" is both
requests; "my default address and all my orders" both address changes; "two more: ..." after an
action is that action again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.dialogue import (
    DEFERRED,
    FOLLOW_UP,
    MORE_OF_THE_SAME,
    OTHER_ORDER,
    REFUND_TO,
    is_question,
    names_its_action,
    request_spans,
)
from frontline.agent.engine.flows import FlowSpec, SlotKind
from frontline.agent.reading import OOS
from frontline.agent.reading.mentions import find_mentions, mentioned_items
from frontline.agent.reading.results import Understanding
from frontline.agent.retail.addresses import parse_address
from frontline.agent.retail.slots.choices import order_ids
from frontline.agent.retail.slots.details import REASONS

CLAUSE_CONFIDENCE = 0.3  # a clause that names its verb needs this much
SURE_CONFIDENCE = 0.9  # a clause of several that does not name its action needs this much


def requests_in(
    ctx: TurnContext, by_intent: Mapping[str, FlowSpec], threshold: float, *, verbs: bool = False
) -> list[tuple[FlowSpec, str]]:
    """The flows this message asks for, with the words of each request; with ``verbs``, an
    unsure message that says an action's verb ("I want to change my watch...") asks for the
    likeliest intent with that verb."""
    u = ctx.understanding
    spans = request_spans(u)
    intent, confidence = u.intent, _reads_agree(ctx, by_intent)
    if len(spans) == 1 and spans[0][0] == u.intent:  # the request, without the words around it
        confidence = max(confidence, spans[0][1])
    elif len(spans) == 1 and spans[0][1] >= confidence and names_its_action(*spans[0][::2]):
        intent, confidence = spans[0][:2]  # "Now the exchange, ...": the clause that says it
    elif len(spans) == 1 and spans[0][1] >= max(confidence, threshold) and _likely(u, spans[0][0]):
        # "Oh, it's wrong then. Please correct it on all my orders": the clause that asks is
        # sure of a read the whole message finds likely too
        intent, confidence = spans[0][:2]
    whole = [(intent, confidence, u.text)]
    found = _requests(ctx, by_intent, spans if len(spans) > 1 else whole, threshold)
    if not found and len(spans) > 1:  # no clause is clear, the message as a whole may be
        found = _requests(ctx, by_intent, whole, threshold)
    if not found and verbs:
        found = _by_verb(ctx, by_intent)
    if len(found) > 1:  # "exchange the grill. Is that something you can help with?"
        found = [(f, w) for f, w in found if not f.alone] or found
    if len(found) == 1:
        found[0] = (found[0][0], u.text)  # one request: all of the message is about it
    found = [(_for_order(flow, words, by_intent), words) for flow, words in found]
    found = [(_what_changes(ctx, flow, words, by_intent), words) for flow, words in found]
    found = [(_wanted_done(ctx, flow, words), words) for flow, words in found]
    found = [(flow, words) for flow, words in found if not _only_dismissed(flow, words)]
    found = _address_too(ctx, found, by_intent)
    if not any(flow.action is not None for flow, _ in found):
        found = _address_given(u.text, by_intent) or found
    return _both_addresses(_alternatives(found, by_intent), by_intent)


# "never mind the payment then", "forget about the exchange": a request taken back, to the end
# of its clause
_DISMISSED = re.compile(
    r"\b(?:never ?mind|forget(?: about)?|scratch|skip|drop)\s+(?:the|my|that|this)\b[^,.;!?]*",
    re.IGNORECASE,
)


def _only_dismissed(flow: FlowSpec, words: str) -> bool:
    """The request's own verb is said only where the customer takes it back ("ok, never mind
    the payment then. can I get the hose in blue?" asks no payment change)."""
    if flow.action is None or not _DISMISSED.search(words):
        return False
    said = any(names_its_action(i, words) for i in flow.intents)
    kept = _DISMISSED.sub(" ", words)
    return said and not any(names_its_action(i, kept) for i in flow.intents)


# words that name what an item change changes, besides the products themselves
_ITEM_WORDS = re.compile(
    r"\b(?:items?|products?|options?|sizes?|colou?rs?|versions?|models?|variants?|styles?)\b",
    re.IGNORECASE,
)
# words that say how far along the order is ("hasn't shipped yet"), not where it goes
_ORDER_STAGE = re.compile(
    r"\b(?:(?:has|is|was|have|are)(?: ?n[o']?t| not)|not(?: yet)?|never|before (?:it|they)"
    r"(?:'s| is| are| get| gets)?)\s+(?:been\s+|yet\s+)?ship\w*(?:\s+(?:yet|out))?",
    re.IGNORECASE,
)
LIKELY_CHANGE = 0.1  # a change the words name is taken when the model gives it this much
ALSO_LIKELY = 0.05  # ... and asked besides an item change when the model gives it this much


def _what_changes(
    ctx: TurnContext, flow: FlowSpec, words: str, by_intent: Mapping[str, FlowSpec]
) -> FlowSpec:
    """A change that names nothing the flow changes ("some changes to an order", "change how
    I'm paying for an order", read as an item change) is the change its words do name when one
    of the message's likely reads is that change (the payment, the address), else the flow
    ``unnamed_instead`` names: the agent asks what to change, never guesses an item."""
    if flow.unnamed_instead is None or _ITEM_WORDS.search(words):
        return flow
    frame = ctx.state.frame
    if frame is not None and same_process(flow, ctx.flows[frame.flow]):
        return flow  # an answer within the change under way
    if find_mentions(words, list(ctx.catalog())):
        return flow
    named = _changes_named(ctx, flow, words, by_intent, LIKELY_CHANGE)
    if len(named) == 1:
        return named[0]
    return ctx.flows.get(flow.unnamed_instead, flow)


# "I want to tweak", "a few things to sort out": the customer wants something done ...
_WANTS_DONE = re.compile(
    r"\b(?:i|we) (?:\w+ )?(?:want|need|would like|'d like|wanna|have) to"
    r" (?!know|see|check|find|ask|track|get an? (?:update|status))\w+"
    r"|\b(?:sort(?:ed)? out|take care of|deal with|tweak|adjust|fix up)\b",
    re.IGNORECASE,
)
# ... and asks about none of where an order is ("when", "status", "track", "has it shipped?")
_ASKS_STATUS = re.compile(
    r"\?|\b(?:where|status|track\w*|when|arriv\w*|eta|updates?|happen\w*|late|lost|missing"
    r"|stuck|progress|check\w*|ship(?:ping|ment)|deliver(?:y|ies|ing)?)\b|\bwhat(?:'s| is) in\b",
    re.IGNORECASE,
)


def _wanted_done(ctx: TurnContext, flow: FlowSpec, words: str) -> FlowSpec:
    """A read-only request whose words want something done and ask nothing (no question, no
    word of an order's whereabouts; "one not shipped yet" is the order's stage) is the flow
    ``wanted_instead`` names: the agent asks what to do, instead of reading out a status."""
    if flow.wanted_instead is None or not _WANTS_DONE.search(words):
        return flow
    if _ASKS_STATUS.search(_ORDER_STAGE.sub(" ", words)):
        return flow
    return ctx.flows.get(flow.wanted_instead, flow)


# words that say the customer wants something other than what they have
_WISH = re.compile(
    r"\b(?:instead|rather than|(?:i|we)(?:'d| would)? (?:want|like|prefer|need)|would like"
    r"|switch|swap|upgrade|different)\b",
    re.IGNORECASE,
)


def item_change_named(ctx: TurnContext) -> tuple[FlowSpec, str] | None:
    """ "Next: order #W5, the gaming mouse. I want the laser version instead": a message that
    names an item of one of the customer's orders (by its id, the order just talked about, or
    the one order that holds the item) and says what they want instead (or answers what to
    change on it) is a change of that item, by the flow that changes items of an order in that
    status, however the model reads the message. The order, with it."""
    # the answer to "what would you like to change on it?" needs no word of wishing
    asked = ctx.asked_last("what_to_change")
    if ctx.state.user_id is None or not (asked or _WISH.search(ctx.text)):
        return None
    ids = set(order_ids(ctx.text))
    order_id = ids.pop() if len(ids) == 1 else None if ids else ctx.state.last_order
    if order_id is None and not ids:  # "the garden hose: I'd like the 50ft one instead"
        holding = [
            o for o in ctx.customer_orders() if mentioned_items(ctx.text, o.get("items") or [])
        ]
        order_id = str(holding[0]["order_id"]) if len(holding) == 1 else None
    order = ctx.order(order_id) if order_id else None
    if order is None or not mentioned_items(ctx.text, order.get("items") or []):
        return None
    changing = [f for f in ctx.flows.values() if any(s.kind is SlotKind.new_items for s in f.slots)]
    others = [f for f in ctx.flows.values() if f.action is not None and f not in changing]
    # "... hasn't shipped yet" asks no address change, "never mind the payment" no payment one
    plain = _DISMISSED.sub(" ", _ORDER_STAGE.sub(" ", ctx.text))
    if any(names_its_action(i, plain) for f in others for i in f.intents):
        return None  # "... cancel order #W6247578, the one with the t-shirt": another action
    for flow in changing:
        slot = next((s for s in flow.slots if s.kind is SlotKind.order), None)
        if flow.action is not None and slot and order["status"] in slot.statuses:
            return flow, str(order_id)
    return None


def _address_too(
    ctx: TurnContext, found: list[tuple[FlowSpec, str]], by_intent: Mapping[str, FlowSpec]
) -> list[tuple[FlowSpec, str]]:
    """ "I'd like to change where it goes and one item in it": one verb for two changes. The
    words of an item change that also name where the order goes ask for that change too, first
    (an address is never what an item changes to; payment words may be the difference's)."""
    if len(found) != 1 or found[0][0].unnamed_instead is None:
        return found
    flow, words = found[0]
    for other in _changes_named(ctx, flow, words, by_intent, ALSO_LIKELY):
        if {s.kind for s in other.slots} == {SlotKind.order, SlotKind.address}:
            return [(other, words), (flow, words)]
    return found


def _changes_named(
    ctx: TurnContext,
    flow: FlowSpec,
    words: str,
    by_intent: Mapping[str, FlowSpec],
    minimum: float,
) -> list[FlowSpec]:
    """Other writes among the message's likely reads (at least ``minimum``) whose verb the
    words say, outside what they say of the order's stage ("hasn't shipped yet")."""
    plain = _ORDER_STAGE.sub(" ", words)
    found = []
    for score in ctx.understanding.intents[:3]:
        other = by_intent.get(score.intent)
        if (
            other is not None
            and other.action is not None
            and score.score >= minimum
            and not same_process(other, flow)
            and names_its_action(score.intent, plain)
        ):
            found.append(other)
    return found


def _likely(u: Understanding, intent: str) -> bool:
    """``intent`` is one of the message's two likeliest reads."""
    return intent in [score.intent for score in u.intents[:2]]


def _reads_agree(ctx: TurnContext, by_intent: Mapping[str, FlowSpec]) -> float:
    """The message's confidence, or more when its two likeliest intents are reads of one
    team ("I want to check my orders": their status or their list): whichever it is, nothing
    is written and the next step is the same."""
    u = ctx.understanding
    if len(u.intents) < 2:
        return u.confidence
    first, second = (by_intent.get(score.intent) for score in u.intents[:2])
    reads = all(f is not None and f.action is None and f.answer for f in (first, second))
    if not reads or first is None or second is None or first.queue != second.queue:
        return u.confidence
    return max(u.confidence, u.intents[0].score + u.intents[1].score)


def _address_given(text: str, by_intent: Mapping[str, FlowSpec]) -> list[tuple[FlowSpec, str]]:
    """ "Order #W6002467 needs to go to 544 Sunset Drive, ... FL 32205": a whole new address for
    an order (or the account) named is a request to change it, whatever else is asked."""
    if parse_address(text) is None:
        return []
    intent = (
        "update_account_address"
        if _SPEAKS_OF_ACCOUNT.search(text)
        else "change_shipping_address"
        if _SPEAKS_OF_ORDER.search(text)
        else None
    )
    flow = by_intent.get(intent) if intent else None
    return [(flow, text)] if flow is not None else []


# "both my account's default address and all my orders", "on all my orders and on my account"
_ACCOUNT_AND_ORDERS = re.compile(
    r"\b(?:account|profile|default address)\b[^.?!]{0,40}\band\b[^.?!]{0,20}\borders?\b",
    re.IGNORECASE,
)
_ORDERS_AND_ACCOUNT = re.compile(
    r"\borders?\b[^.?!]{0,20}\band\b[^.?!]{0,25}\b(?:account|profile|default address)\b",
    re.IGNORECASE,
)
_ADDRESS_INTENTS = ("update_account_address", "change_shipping_address")


def _both_addresses(
    found: list[tuple[FlowSpec, str]], by_intent: Mapping[str, FlowSpec]
) -> list[tuple[FlowSpec, str]]:
    """One address for the account and the orders: both changes, in the order said."""
    address = [(f, w) for f, w in found if set(f.intents) & set(_ADDRESS_INTENTS)]
    if len(address) != 1:
        return found
    words = address[0][1]
    first = _ACCOUNT_AND_ORDERS.search(words)
    later = _ORDERS_AND_ACCOUNT.search(words)
    if first is None and later is None:
        return found
    order = _ADDRESS_INTENTS if first is not None else _ADDRESS_INTENTS[::-1]
    flows = [by_intent.get(name) for name in order]
    both = [(f, words) for f in flows if f is not None]
    at = found.index(address[0])
    return [*found[:at], *both, *found[at + 1 :]]


_EITHER = re.compile(
    r"\b(cancel|return|exchange)\s+(?:or|and|and/or|/)\s+(?:an? |the )?(cancel|return|exchange)\b",
    re.I,
)
_VERB_INTENT = {"cancel": "cancel_order", "return": "return_items", "exchange": "exchange_items"}


def _alternatives(
    found: list[tuple[FlowSpec, str]], by_intent: Mapping[str, FlowSpec]
) -> list[tuple[FlowSpec, str]]:
    """ "Cancel or return every order I can": both requests, each for the orders it can do."""
    out: list[tuple[FlowSpec, str]] = []
    for flow, words in found:
        out.append((flow, words))
        either = _EITHER.search(words)
        if either is None:
            continue
        for verb in either.groups():
            other = by_intent.get(_VERB_INTENT[verb.lower()])
            if other is not None and all(other.name != f.name for f, _ in [*found, *out]):
                out.append((other, words))
    return out


VERB_CONFIDENCE = 0.2  # an intent among the likely ones whose verb the message says


def _by_verb(ctx: TurnContext, by_intent: Mapping[str, FlowSpec]) -> list[tuple[FlowSpec, str]]:
    u = ctx.understanding
    if u.intents and u.intents[0].intent == OOS:
        return []  # most like what the agent does not do, whatever verb it says
    for score in u.intents[:3]:
        flow = by_intent.get(score.intent)
        if score.score < VERB_CONFIDENCE or flow is None or flow.action is None:
            continue
        if names_its_action(score.intent, DEFERRED.sub(" ", u.text)):
            return [(flow, u.text)]
    return []


def _requests(
    ctx: TurnContext,
    by_intent: Mapping[str, FlowSpec],
    spans: list[tuple[str, float, str]],
    threshold: float,
) -> list[tuple[FlowSpec, str]]:
    u = ctx.understanding
    found: list[tuple[FlowSpec, str]] = []
    several = len(spans) > 1
    for intent, confidence, words in spans:
        flow = by_intent.get(intent)
        named = names_its_action(intent, words)
        if flow is None or (u.oos and intent == u.intent and not named):
            continue
        if named and not names_its_action(intent, DEFERRED.sub(" ", words)):
            continue  # its verb is only in "if I can't cancel...", "I'll return it later"
        if confidence < (CLAUSE_CONFIDENCE if named else threshold):
            continue
        if several and flow.action is not None and not named and confidence < SURE_CONFIDENCE:
            continue  # "I lost the tablet I received. What's its tracking number?"
        if flow.answer is not None and (several or ctx.state.frame) and not is_question(words):
            continue  # "I received my order and want to exchange..." is one request
        if flow.action is not None and _ASKS_HOW.search(words) and not _ASKS_TO.search(words):
            continue  # "do i get an email with the return labels?" asks how, not for a return
        pays_for_previous = flow.name == "modify_order_payment" and any(
            s.kind is SlotKind.payment_method for s in (found[-1][0].slots if found else ())
        )
        refund_of_previous = bool(found) and REFUND_TO.match(words) is not None
        # "can I change the luggage set? I want a bigger one": an item change and an exchange
        # are one request (one becomes the other by the order's status)
        # (an exchange, then "a change to make on another order": two requests)
        kin = (
            bool(found)
            and same_process(found[-1][0], flow)
            and (found[-1][0].name == flow.name or not _elsewhere(words, found[-1][1]))
        )
        # "I want to exchange my skateboard for a shorter one. What options do you have and
        # what do they cost?": a question that points back at the items of the change before
        about_previous = (
            bool(found)
            and found[-1][0].action is not None
            and flow.answer is not None
            and _POINTS_BACK.search(words) is not None
            and not order_ids(words)
        )
        if found and (kin or pays_for_previous or refund_of_previous or about_previous):
            found[-1] = (found[-1][0], f"{found[-1][1]} {words}")  # one request, more words
            continue
        found.append((flow, words))
    return found


def _elsewhere(words: str, before: str) -> bool:
    """ "... and afterwards a change on another order": the clause speaks of an order other
    than the one the request before it is about, so it is a request of its own."""
    named, earlier = set(order_ids(words)), set(order_ids(before))
    return OTHER_ORDER.search(words) is not None or bool(named and earlier and not named & earlier)


# words of a question that speak of what the request before it named
_POINTS_BACK = re.compile(
    r"\b(?:they|them|those|these|ones|options|choices|alternatives)\b", re.IGNORECASE
)
# questions about how something goes, not asking for it
_ASKS_HOW = re.compile(
    r"\b(?:do|will|would|should|shall) (?:i|we) (?:get|receive|need|have to)\b"
    r"|\bhow (?:long|fast|soon|quickly)\b|\bwhen (?:will|do|does|would) (?:i|we|it|the)\b",
    re.IGNORECASE,
)
_ASKS_TO = re.compile(
    r"\b(?:i|we) (?:\w+ )?(?:want|need|would like|'d like|wanna)\b|\bplease\b"
    r"|\b(?:can|could|would) you\b",
    re.IGNORECASE,
)


def same_process(one: FlowSpec, other: FlowSpec) -> bool:
    """The same flow, or flows that hand a request to each other by the order's status."""
    return (
        one.name == other.name
        or other.name in one.instead.values()
        or one.name in other.instead.values()
    )


_SPEAKS_OF_ORDER = re.compile(
    r"\b(?:order|package|parcel|shipment|delivery)\b|#?\b[Ww]\d{7}\b", re.IGNORECASE
)
_SPEAKS_OF_ACCOUNT = re.compile(
    r"\b(?:default|account|profile|on file|my address (?:is|has) changed|i (?:have )?moved)\b",
    re.IGNORECASE,
)


def _for_order(flow: FlowSpec, words: str, by_intent: Mapping[str, FlowSpec]) -> FlowSpec:
    """The flow ``order_instead`` names, when the request speaks of an order, not the account."""
    if flow.order_instead is None or _SPEAKS_OF_ACCOUNT.search(words):
        return flow
    if not _SPEAKS_OF_ORDER.search(words):
        return flow
    return next((f for f in by_intent.values() if f.name == flow.order_instead), flow)


def more_of_the_same(
    ctx: TurnContext, flows: Mapping[str, FlowSpec], requests: list[tuple[FlowSpec, str]]
) -> FlowSpec | None:
    """The action done last, again, for what this message names.

    - "And in order #W9, two more: the backpack for a grey one ..." when the message asks for
      no other action;
    - "next #W9232383, the one with the headphones", "and #W1170711 too": another order, or a
      word that continues the list ("too", "also", "next", "the other one", "same deal"),
      with no other action asked;
    - "the other one is #W3, same deal, don't need it anymore": a follow-up that gives what
      only the last action needs (a cancellation reason), whatever else the message seems to
      ask.
    """
    if not ctx.state.done:
        return None
    tool = ctx.state.done[-1].split(" ", 1)[0]
    last = next((f for f in flows.values() if f.action and f.action.tool == tool), None)
    if last is None:
        return None
    if MORE_OF_THE_SAME.search(ctx.text) and not any(f.action for f, _ in requests):
        return last
    done_orders = {i for entry in ctx.state.done for i in order_ids(entry)}
    new_order = any(i not in done_orders for i in order_ids(ctx.text))
    follows = FOLLOW_UP.search(ctx.text) is not None
    if not requests and (new_order or (follows and order_ids(ctx.text))):
        return last
    if follows and (new_order or not order_ids(ctx.text)) and _gives_own_detail(last, ctx.text):
        return last
    return None


def _gives_own_detail(flow: FlowSpec, text: str) -> bool:
    """The message fills a slot that only this kind of request has (a cancellation reason)."""
    return any(
        spec.kind is SlotKind.reason
        and any(REASONS[c].search(text) for c in spec.choices if c in REASONS)
        for spec in flow.slots
    )
