"""The customer's answer to a listed action: yes, no, a change, or a yes to something else.

At ``awaiting: confirmation`` only a clear yes confirms; a yes that names another request for
another order confirms this one and queues that one; a change ("no, only the lamp") lists the
action again; a yes about something the action does not change, or to another action by its
verb ("Yes, please cancel it." to an item change), writes nothing; a no drops the request.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.corrections import apply_corrections
from frontline.agent.engine.dialogue import DEFERRED, confirmation_answer, names_its_action
from frontline.agent.engine.flows import FlowSpec
from frontline.agent.engine.followups import queue_request, same_for_other_orders
from frontline.agent.engine.requests import requests_in, same_process
from frontline.agent.engine.state import Frame
from frontline.agent.retail.slots.choices import order_ids
from frontline.agent.retail.slots.descriptions import SENTENCE
from frontline.agent.retail.slots.details import names_payment_kind, without_payment_words

# Things a yes may speak of, and the argument an action that changes them has
_THINGS = {"address": (re.compile(r"\baddress\b", re.IGNORECASE), "address1")}


# Words about the money of an action, which a yes may say about any write ("refund it to...")
_MONEY_WORDS = re.compile(r"\b(?:refund\w*|pa(?:y|id)\w*|charg\w*|bill\w*)\b", re.IGNORECASE)


# Verbs any change may use ("switch it to the Mastercard"): they tell no action from another
_CHANGE_WORDS = re.compile(
    r"\b(?:chang|modif|switch|swap|replac|trad|updat|alter)\w*", re.IGNORECASE
)


def _other_thing(text: str, frame: Frame) -> str | None:
    """What a yes speaks of that the action waiting for it does not change."""
    arguments = (frame.pending or {}).get("arguments") or {}
    for thing, (words, argument) in _THINGS.items():
        if words.search(text) and argument not in arguments:
            return thing
    return None


def answer_confirmation(
    ctx: TurnContext, frame: Frame, by_intent: Mapping[str, FlowSpec], threshold: float
) -> bool:
    """The answer to the action ``frame`` lists: True when the message was that answer."""
    after = _request_elsewhere(ctx, frame, by_intent, threshold)
    if after and confirmation_answer(ctx.text) is True:
        # "Yes. The office chair from #W8660475, refunded to my card.": a yes to this,
        # and a new request for another order after it (not a correction of this one)
        frame.slots["_confirmed"] = True
        for flow, words in after:
            queue_request(ctx, flow.name, words)
        return True
    listed = frame.pending
    if apply_corrections(ctx, frame, ctx.flows[frame.flow]):
        if (
            confirmation_answer(ctx.text) is True
            and _restated(ctx, frame, by_intent, threshold) is None
        ):
            # "yes, the blue ones with the 8 hour battery, gift card. do it": read again, and
            # when that is the very action listed, the yes is for it (engine/actions.py); not
            # "ok, and I want to return the boots and the bottle", which asks anew
            frame.slots["_yes_to"] = listed
        frame.pending = None
        frame.asked = None
        same_for_other_orders(ctx, frame)
        return True
    answer = confirmation_answer(ctx.text)
    other = _other_thing(ctx.text, frame)
    if answer is True and other is not None:
        # "Yes, that's the address. Go ahead." to an item change: a yes to something else
        ctx.say("confirm_other_thing", thing=other, title=ctx.flows[frame.flow].title)
        frame.pending, frame.asked = None, None
        return True
    switched = _yes_to_another_action(ctx, frame, by_intent) if answer is True else None
    if switched is not None:
        # "Yes, please cancel it." to an item change: the yes is for another action, so
        # nothing is written; that action starts over and asks its own yes
        ctx.say("confirm_other_action", other=switched.title, title=ctx.flows[frame.flow].title)
        ctx.state.frames.remove(frame)
        order = frame.slots.get("order")
        ctx.state.frames.append(Frame(flow=switched.name, text=f"{ctx.text} {order or ''}".strip()))
        return True
    if answer is True:
        frame.slots["_confirmed"] = True
        return True
    if answer is False:
        ctx.say("action_dropped", title=ctx.flows[frame.flow].title)
        ctx.state.frames.pop()
        restated = _restated(ctx, frame, by_intent, threshold)
        if restated is not None:
            # "No, I didn't ask about the vacuum. I want to return the headphones, just
            # those.": the request said anew is read from its own words and listed again
            ctx.state.frames.append(Frame(flow=frame.flow, text=restated))
        return True
    return False


# "I want to ...", "please ...": words that ask for an action, not about one
_ASKS = re.compile(
    r"\b(?:i (?:want|need|would like)|i'd like|i wanna|please|can you|could you|just)\b",
    re.IGNORECASE,
)
_NEGATED = re.compile(r"\b(?:not|never|don'?t|do not|no need)\b|n't\b", re.IGNORECASE)


def _restated(
    ctx: TurnContext, frame: Frame, by_intent: Mapping[str, FlowSpec], threshold: float
) -> str | None:
    """The words from the sentence in which a "no" asks for its request again, without a
    negation ("No, that's not right. I want to return the kettle and the lamp.")."""
    flow = ctx.flows[frame.flow]
    starts = [0, *(m.end() for m in SENTENCE.finditer(ctx.text))]
    for start, end in zip(starts, [*starts[1:], len(ctx.text)], strict=True):
        sentence = ctx.text[start:end]
        if _ASKS.search(sentence) is None or _NEGATED.search(sentence):
            continue
        if any(names_its_action(i, sentence) for i in flow.intents):
            heard = requests_in(ctx, by_intent, threshold)
            restated = any(same_process(f, flow) for f, _ in heard) or not heard
            return ctx.text[start:] if restated else None
    return None


_QUESTION = re.compile(r"[^.!?]*\?")


def _yes_to_another_action(
    ctx: TurnContext, frame: Frame, by_intent: Mapping[str, FlowSpec]
) -> FlowSpec | None:
    """The one other write a yes names by its verb, when it names neither the action that
    waits for it nor anything that action changes ("Yes, please cancel it." to an item
    change; not "Yes, switch it to the Mastercard." to a payment change). Money words
    ("refund it to my PayPal") and deferred clauses name no other action here."""
    flow = ctx.flows[frame.flow]
    arguments = (frame.pending or {}).get("arguments") or {}
    if "payment_method_id" in arguments and names_payment_kind(ctx.text):
        return None  # the yes names how this action pays
    # "... go ahead! curious, does the order still ship at the same time?": a question asks
    # for no other action
    plain = without_payment_words(DEFERRED.sub(" ", _QUESTION.sub(" ", ctx.text)))
    kin = [f for f in ctx.flows.values() if same_process(f, flow)]
    if any(names_its_action(i, plain) for f in kin for i in f.intents):
        return None
    words = _CHANGE_WORDS.sub(" ", _MONEY_WORDS.sub(" ", plain))
    said = {
        f.name: f
        for i, f in by_intent.items()
        if f.action is not None and not same_process(f, flow) and names_its_action(i, words)
    }
    return next(iter(said.values())) if len(said) == 1 else None


def _request_elsewhere(
    ctx: TurnContext, frame: Frame, by_intent: Mapping[str, FlowSpec], threshold: float
) -> list[tuple[FlowSpec, str]]:
    """Requests of another kind, for an order other than ``frame``'s, in this message."""
    flow = ctx.flows[frame.flow]
    named = [i for i in order_ids(ctx.text) if i != frame.slots.get("order")]
    if not named:
        return []
    heard = requests_in(ctx, by_intent, threshold)
    if heard:
        return [
            (f, words)
            for f, words in heard
            if f.action is not None
            and not same_process(f, flow)
            and set(named) & set(order_ids(words))
        ]
    # no clear intent: the one other action whose verb the message says ("refunded"),
    # not in a payment method's name ("PayPal")
    words = without_payment_words(ctx.text)
    said = {
        f.name: f
        for i, f in by_intent.items()
        if f.action is not None and not same_process(f, flow) and names_its_action(i, words)
    }
    return [(f, ctx.text) for f in said.values()] if len(said) == 1 else []
