"""Handing a conversation to a human: when, to which queue, and with what summary.

Triggers, checked on every message before anything else: risk words (legal, fraud, safety),
a request for a person, strong anger or abuse, a language the agent does not speak. Two
messages in a row that the agent cannot understand, and requests it cannot serve, hand off
too (from the engine).
"""

from __future__ import annotations

import re
from enum import StrEnum

from frontline.agent.engine.context import TurnContext
from frontline.agent.reading.person_names import name_candidates
from frontline.agent.reading.results import DialogueAct
from frontline.agent.retail import describe
from frontline.domain.conversations import Handoff

_RISK = re.compile(
    r"\b(?:lawyers?|attorneys?|legal action|su(?:e|ing)|lawsuit|court|small claims|fraud(?:ulent)?"
    r"|scam(?:med)?|stolen|identity theft|hacked|unauthori[sz]ed (?:charge|purchase|transaction|order)"
    r"|charge ?back|police|injur(?:y|ed|ies)|hurt me|burn(?:ed|t)? (?:me|my|myself|him|her|them)|caught fire|on fire|smok(?:e|ing)"
    r"|explod(?:e|ed)|electric shock|unsafe|dangerous|hazard(?:ous)?|poison(?:ed|ing)?|recall)\b",
    re.IGNORECASE,
)
_ABUSE = re.compile(
    r"\b(?:f+u+c+k+\w*|shit+y?|bitch\w*|bastard|asshole|idiot\w*|stupid bot|moron\w*|dumb ?ass|screw you"
    r"|damn you|go to hell)\b",
    re.IGNORECASE,
)
# Requests no flow serves and the policy does not allow the agent to attempt.
_OUT_OF_SCOPE = re.compile(
    r"\b(?:undo|reverse|revert|un-?cancel|reinstate|restore|reactivate)\b[^.?!]{0,40}"
    r"\b(?:cancel(?:l?ation|led)?|order|return)\b|\bprice ?match|\bcompensat(?:e|ion)\b",
    re.IGNORECASE,
)
ANGER_POLARITY = -0.6
AGENT_LANGUAGES = frozenset({"en"})
LANGUAGE_CONFIDENCE = 0.6  # with an out-of-scope intent: English requests are in scope
LANGUAGE_MIN_WORDS = 3
_IDENTITY_FACT = re.compile(r"@|(?<!\d)\d{5}(?!\d)")
_NOT_WORDS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\S*\d\S*")


class Reason(StrEnum):
    risk = "risk"  # legal, fraud or safety words
    customer_request = "customer_request"  # asked for a person
    anger = "anger"  # strong anger or abuse
    language = "language"  # a language the agent does not speak
    not_understood = "not_understood"  # two messages in a row not understood
    stuck = "stuck"  # the same question would be asked a third time
    out_of_scope = "out_of_scope"  # a request outside the agent's flows or policy
    identity = "identity"  # could not verify the customer


_NEXT_STEP = {
    Reason.risk: "Review the concern (legal, fraud or safety) before any change on the account.",
    Reason.customer_request: "Pick up the request where the agent left off.",
    Reason.anger: "Acknowledge the customer's frustration, then resolve the request.",
    Reason.language: "Answer in the customer's language.",
    Reason.not_understood: "Read the last messages and clarify what the customer needs.",
    Reason.stuck: "Read the customer's answers to the last question and finish the request.",
    Reason.out_of_scope: "Handle the request; it is outside what the agent may do.",
    Reason.identity: "Verify the customer's identity another way before any account change.",
}
_WHY = {
    Reason.risk: "the message mentions a legal, fraud or safety concern",
    Reason.customer_request: "the customer asked for a person",
    Reason.anger: "the customer is very upset",
    Reason.language: "the customer writes in a language the agent does not speak",
    Reason.not_understood: "the agent did not understand two messages in a row",
    Reason.stuck: "the customer answered the same question twice and the agent could not use it",
    Reason.out_of_scope: "the request is outside what the agent may do",
    Reason.identity: "the customer's identity could not be verified",
}


# "Ugh, that's so annoying. Fine, just refund it to the gift card then": upset, but going on
_GOES_ON = re.compile(
    r"\b(?:fine|ok(?:ay)?|alright|all right)\b[^.!?]*\b(?:then|just|go ahead|do it|please)\b",
    re.IGNORECASE,
)


# "sorry to bother you ... I'm just not happy with it, would it be possible to exchange it?":
# an unhappy customer who asks politely for what they want is helped, not handed off
_POLITE_ASK = re.compile(
    r"\b(?:would it be possible|is it possible|sorry to bother|could you (?:please )?help"
    r"|would you (?:please )?help|i was wondering)\b",
    re.IGNORECASE,
)


def trigger(ctx: TurnContext) -> Reason | None:
    """A reason to hand this message to a human right away, if there is one."""
    u = ctx.understanding
    if _RISK.search(u.text):
        return Reason.risk
    if _OUT_OF_SCOPE.search(u.text):
        return Reason.out_of_scope
    if DialogueAct.ASK_HUMAN in u.acts:
        return Reason.customer_request
    angry = u.sentiment.frustrated and u.sentiment.polarity <= ANGER_POLARITY
    goes_on = _GOES_ON.search(u.text) or _POLITE_ASK.search(u.text)
    if _ABUSE.search(u.text) or (angry and not goes_on):
        return Reason.anger
    words = _language_words(u.text)
    if (
        u.language.code not in AGENT_LANGUAGES
        and u.language.code != "und"
        and u.language.confidence >= LANGUAGE_CONFIDENCE
        and words >= LANGUAGE_MIN_WORDS
        and (u.oos or u.confidence < LANGUAGE_CONFIDENCE)
    ):
        return Reason.language
    return None


def _language_words(text: str) -> int:
    """Words that tell a language: not numbers, emails or ids, nor a name the customer gives
    ("mia thomas 60654" says nothing of the language it is written in)."""
    identity = _IDENTITY_FACT.search(text)  # a name is only given beside a zip code or email
    names = {w.lower() for pair in name_candidates(text) for w in pair} if identity else set()
    return sum(
        1
        for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", _NOT_WORDS.sub(" ", text))
        if w.lower() not in names
    )


def hand_off(ctx: TurnContext, reason: Reason) -> None:
    """Transfer to a human: the transfer call, the summary, the queue and the reply."""
    queue = _queue(ctx, reason)
    summary = summarize(ctx, reason)
    ctx.call("transfer_to_human_agents", {"summary": summary})
    ctx.handoff = Handoff(queue=queue, reason=reason.value, summary=summary)
    ctx.state.handed_off = True
    key = f"handoff_{reason.value}"
    ctx.say(key if ctx.replies.has(key) else "handoff", queue=queue.replace("_", " "))


def _queue(ctx: TurnContext, reason: Reason) -> str:
    if reason is Reason.risk:
        return "trust_safety"
    frame = ctx.state.frame
    if frame is not None and frame.flow in ctx.flows:
        return ctx.flows[frame.flow].queue
    return "general"


def summarize(ctx: TurnContext, reason: Reason) -> str:
    """Who, what they want, what was verified, what was done, why handed off, what next."""
    state = ctx.state
    user = state.user or {}
    name = user.get("name") or {}
    who = (
        f"{name.get('first_name', '')} {name.get('last_name', '')} ({state.user_id}), verified"
        if state.user_id
        else "not verified"
    )
    wants = [
        ctx.flows[f.flow].title.removeprefix("the ") for f in state.frames if f.flow in ctx.flows
    ]
    facts = [note for f in state.frames for note in f.notes]
    lines = [
        f"Customer: {who}",
        f"Wants: {describe.join_words(wants) if wants else 'not stated'}",
        f"Verified: {'; '.join(facts) if facts else 'nothing beyond identity' if state.user_id else 'nothing'}",
        f"Actions taken: {'; '.join(state.done) if state.done else 'none'}",
        f"Handed off because: {_WHY[reason]}",
        f"Suggested next step: {_NEXT_STEP[reason]}",
        f"Last message: {ctx.text[:300]}",
    ]
    return "\n".join(lines)
