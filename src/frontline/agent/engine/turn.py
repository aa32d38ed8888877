"""The agent turn: (state, message) → replies, tool calls, new state, hand-off.

One turn::

    understand ─► hand-off triggers ─► answer what was asked (slot, confirmation)
              ─► or start new requests (flow stack: digressions resume afterwards)
              ─► or small talk / not understood ─► advance the active flow until it
                 needs the customer (a question) or the stack is empty

The agent reaches the world only through the back-office port, every call checked by the
policy engine, so a turn is easy to test and to replay.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from frontline.agent.engine import actions
from frontline.agent.engine.article_answers import (
    ArticleLookup,
    answer_from_articles,
    make_article_answer,
)
from frontline.agent.engine.confirmation import answer_confirmation
from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.corrections import ALL_DROPPED, apply_corrections
from frontline.agent.engine.dialogue import (
    ADDITION,
    INSTEAD,
    MARKUP,
    OTHER_ORDER,
    PAYMENT_FOR,
    POLICY_LIMIT,
    REFUND_TOTAL,
    SAME_ORDER,
    SEQUENCE,
    confirmation_answer,
    identify_words,
    is_question,
    names_its_action,
)
from frontline.agent.engine.flows import FlowSpec, SlotKind, load_flows
from frontline.agent.engine.followups import queue_request
from frontline.agent.engine.guides import continue_guide
from frontline.agent.engine.handoff import Reason, hand_off, trigger
from frontline.agent.engine.identity import Identified, identify
from frontline.agent.engine.identity_codes import (
    CodeStep,
    IdentityCodes,
    answer_code,
    ask_for_code,
    needs_code,
)
from frontline.agent.engine.pack import Fill, Pack
from frontline.agent.engine.policy import AssuranceRequirements
from frontline.agent.engine.policy_answers import PolicyKnowledge
from frontline.agent.engine.replies import Replies
from frontline.agent.engine.requests import (
    item_change_named,
    more_of_the_same,
    requests_in,
    same_process,
)
from frontline.agent.engine.small_talk import closing, small_talk
from frontline.agent.engine.state import ASKS_WHAT_IS, AgentState, Frame
from frontline.agent.engine.tools import Toolbox, ToolCall, WriteJournal
from frontline.agent.reading.normalise import with_key_words_spelt, without_fillers
from frontline.agent.reading.reader import Reader
from frontline.agent.reading.results import EntityKind, Understanding
from frontline.agent.retail.addresses import parse_address
from frontline.agent.retail.slots.choices import order_ids
from frontline.agent.retail.slots.details import (
    payment_mentions,
    without_payment_words,
)
from frontline.backoffice.port import BackOffice
from frontline.domain.conversations import ConversationStatus, Handoff, Reply

INTENT_CONFIDENCE = 0.6  # a new request needs at least this much
READ_CONFIDENCE = 0.5  # a question that writes nothing needs this much
DIGRESSION_CONFIDENCE = 0.8  # ... and this much while the agent waits for an answer
RETRY_PAYMENT = frozenset({"gift_card_balance", "payment_method"})
MIN_DIGRESSION_WORDS = 3  # shorter messages answer the question asked
MAX_MISUNDERSTOOD = 2
MAX_STEPS = 12  # frames advanced in one turn (a guard against a flow that never asks)


@dataclass(frozen=True, slots=True)
class Turn:
    replies: tuple[Reply, ...]
    calls: tuple[ToolCall, ...]
    state: dict[str, Any]
    status: ConversationStatus
    handoff: Handoff | None
    understanding: Understanding


MAX_SAME_QUESTION = 3  # the third time a question would be asked, a human takes over


class Agent:
    def __init__(
        self,
        understander: Reader,
        backoffice: BackOffice,
        *,
        pack: Pack,
        replies: Replies | None = None,
        knowledge: PolicyKnowledge | None = None,
        flows: Mapping[str, FlowSpec] | None = None,
        articles: ArticleLookup | None = None,
        assurance: AssuranceRequirements | None = None,
        codes: IdentityCodes | None = None,
    ) -> None:
        self.understander = understander
        self.backoffice = backoffice
        self.pack = pack  # the business: flows, slot fillers, rules, replies, answers
        self.policy = pack.policy(backoffice, assurance)
        self.codes = codes  # sends and checks one-time codes (agent/engine/identity_codes.py)
        self.replies = replies or Replies.load("en", pack.replies_dir)
        self._articles = articles
        policy = knowledge or PolicyKnowledge.load(pack.policy_text)
        self._answers: dict[str, Callable[[TurnContext, Frame], None]] = pack.answerers(policy)
        if articles is not None:  # informational questions are answered from the articles
            self._answers["policy_question"] = make_article_answer(articles, policy)
        self.flows = dict(
            flows
            or load_flows(
                pack.flows_dir, tools=[t.name for t in backoffice.tools()], answers=self._answers
            )
        )
        self._by_intent = {i: f for f in self.flows.values() for i in f.intents}

    def respond(
        self, state: dict[str, Any] | None, text: str, journal: WriteJournal | None = None
    ) -> Turn:
        # Markup is read as the words around it, fillers not at all (the stored message keeps
        # it as sent).
        read = with_key_words_spelt(without_fillers(MARKUP.sub(" ", text)), self.pack.key_words)
        understanding = self.understander.understand(read)
        ctx = TurnContext(
            state=AgentState.from_json(state),
            understanding=understanding,
            tools=Toolbox(self.backoffice, self.policy, journal),
            replies=self.replies,
            flows=self.flows,
        )
        ctx.state.turns += 1
        said = parse_address(ctx.text)
        if said is not None:  # "it should be 445 Maple Drive..." may be meant later ("fix it")
            ctx.state.last_address = said.to_backoffice()
        self._turn(ctx)
        self._never_a_third_time(ctx)
        return Turn(
            replies=tuple(ctx.out),
            calls=tuple(ctx.tools.calls),
            state=ctx.state.to_json(),
            status=_status(ctx),
            handoff=ctx.handoff,
            understanding=understanding,
        )

    def _turn(self, ctx: TurnContext) -> None:
        if ctx.state.handed_off:
            return
        if ctx.state.code == "sent" and (step := answer_code(ctx, self.codes)) is not None:
            if step is CodeStep.handed_off:
                hand_off(ctx, Reason.identity)
            elif step is CodeStep.accepted:
                self._advance(ctx)
            return
        waiting = ctx.state.handoff_after_identity
        reason = Reason(waiting) if waiting else trigger(ctx)
        if reason is Reason.out_of_scope and ctx.state.user_id is None:
            # a colleague takes it over, but from a verified customer
            ctx.state.handoff_after_identity = reason.value
            result = identify(ctx, None, fresh_message=True)
            if result is Identified.asked:
                return
            reason = Reason.identity if result is Identified.handed_off else reason
        if reason is not None:
            if reason is Reason.anger:
                ctx.say("acknowledge_anger")
            hand_off(ctx, reason)
            return
        if continue_guide(ctx):  # "did that fix it?" answered
            return
        if ctx.understanding.sentiment.frustrated:
            ctx.say("acknowledge_frustration")
        frame = ctx.state.frame
        identified = False
        if ctx.state.user_id is None and (frame is None or frame.asked != "identity"):
            identified = self._identify_unasked(ctx)
            if ctx.handoff is not None:
                return
        elif ctx.state.user_id is not None and self._other_customer(ctx):
            return
        if frame is None and self._refund_total(ctx):
            return
        answered = frame is not None and frame.asked is not None and self._answer_to(ctx, frame)
        understood = answered or self._start_requests(ctx, frame) or identified
        if not understood:
            understood = small_talk(ctx)
        if not understood and self._articles is not None:  # "my soundbar has no sound"
            understood = answer_from_articles(ctx, self._articles)
        if not understood:
            self._not_understood(ctx)
            return
        ctx.state.misunderstood = 0
        if not any(r.awaiting for r in ctx.out):  # else a question is already asked
            self._advance(ctx)

    def _never_a_third_time(self, ctx: TurnContext) -> None:
        """The same question, asked twice and answered twice without use, is not asked again:
        a colleague takes over with the answers in the summary."""
        frame = ctx.state.frame
        if frame is None or ctx.state.times_asked < MAX_SAME_QUESTION or ctx.state.handed_off:
            return
        while ctx.out and ctx.out[-1].awaiting:
            ctx.out.pop()  # the question itself is not asked again
        hand_off(ctx, Reason.stuck)

    # What the customer said

    def _refund_total(self, ctx: TurnContext) -> bool:
        """ "How much do I get back in total?" after something was done in this conversation."""
        if not ctx.state.done or not REFUND_TOTAL.search(ctx.text):
            return False
        ctx.say("refund_total", amount=self.pack.describe.money(ctx.state.refunded))
        ctx.say("anything_else", awaiting="anything_else")
        return True

    def _other_customer(self, ctx: TurnContext) -> bool:
        """Another person's email once someone is verified: refused, nothing about them said."""
        user = ctx.user() or {}
        own = str(user.get("email", "")).lower()
        others = [
            e.value
            for e in ctx.understanding.entities
            if e.kind is EntityKind.EMAIL and e.value.lower() != own
        ]
        if not others:
            return False
        ctx.call("find_user_id_by_email", {"email": others[0]})  # the policy refuses it
        ctx.say("denied_one_customer")
        frame = ctx.state.frame
        if frame is None:
            ctx.say("anything_else", awaiting="anything_else")
        else:
            frame.asked = None
            self._advance(ctx)
        return True

    def _identify_unasked(self, ctx: TurnContext) -> bool:
        """Identity given before anyone asked ("Hi, I'm Yusuf Rossi, zip 19122") is used now."""
        if not self._gives_identity(ctx):
            return False
        failures = ctx.state.identity_failures
        result = identify(ctx, None, fresh_message=True)
        if result is Identified.handed_off:
            hand_off(ctx, Reason.identity)
            return True
        if result is not Identified.verified:
            if ctx.state.identity_failures > failures:
                return True  # the lookup failed: the reply says so and asks again
            del ctx.out[:]  # a partial identity is kept for later; no question yet
            return bool(ctx.state.pending_identity)
        if ctx.state.frame is None and not requests_in(ctx, self._by_intent, INTENT_CONFIDENCE):
            ctx.say("how_can_i_help", awaiting="free_text")
        return True

    def _answer_to(self, ctx: TurnContext, frame: Frame) -> bool:
        """True when the message answers the open question (or corrects the pending action)."""
        ctx.target = frame
        asked = frame.asked
        # an answer naming the order, or telling like items apart ("the blue pair"), describes
        # the item as it is, not what the customer wants
        keep = asked != "order" and not frame.slots.pop(ASKS_WHAT_IS, False)
        answered = self._answers_question(ctx, frame)
        if answered and keep and frame in ctx.state.frames and ctx.text not in frame.said:
            frame.said.append(ctx.text)
        if answered and not keep:
            ctx.answered_order = True  # its words describe the item as it is (see new_items)
        return answered

    def _answers_question(self, ctx: TurnContext, frame: Frame) -> bool:
        if frame.asked == "confirmation":
            return answer_confirmation(ctx, frame, self._by_intent, DIGRESSION_CONFIDENCE)
        if frame.asked == "identity":
            # an answer that is no question and no other request is an attempt, read or not:
            # identify() counts one it can't read, so the question is not asked forever
            attempt = not is_question(ctx.text) and not requests_in(
                ctx, self._by_intent, DIGRESSION_CONFIDENCE
            )
            return bool(ctx.state.pending_identity) or self._gives_identity(ctx) or attempt
        if frame.asked is None:
            return False
        flow = self.flows[frame.flow]
        heard = requests_in(ctx, self._by_intent, DIGRESSION_CONFIDENCE)
        other = [
            (f, words)
            for f, words in heard
            if f.action is not None and f.name != flow.name and not _done_for(ctx, f, words)
        ]
        restated = any(f.name == flow.name for f, _ in heard)  # it names this request too
        if other and flow.answer is not None:
            ctx.state.frames.remove(frame)  # a question gives way to a new request
            return False
        if other and frame.asked == "order" and not order_ids(ctx.text):
            return False  # "which order?" answered with another request: that one first
        if frame.asked == "order" and not restated and _names_another_process(flow, other):
            # "which order?" for a change, answered "I'd like to return the hose from #W...":
            # that request first; the change still waits for its order
            return False
        if any(names_its_action(i, w) for f, w in other for i in f.intents) and OTHER_ORDER.search(
            ctx.text
        ):
            return False  # "then cancel my other order": a new request, not "not that order"
        spec = flow.slot(frame.asked)
        if spec is None:
            return False
        if apply_corrections(ctx, frame, flow, answering=spec.kind):
            if frame.slots.pop(ALL_DROPPED, False):
                self._drop_request(ctx, frame, flow)
            return True
        before, snapshot = len(ctx.out), repr(frame.slots)
        outcome = self.pack.slot_fillers[spec.kind](ctx, frame, spec)
        if outcome is not Fill.asked or repr(frame.slots) != snapshot:
            # "cancel the pending orders and return everything else. No longer needed.":
            # the answer, and the other requests after what is under way
            for f, words in other if restated else ():
                queue_request(ctx, f.name, words)
            return True  # filled, ended with an explanation, or a narrower question
        del ctx.out[before:]  # the question is asked again below, or a new request starts
        if confirmation_answer(ctx.text) is False:
            self._drop_request(ctx, frame, flow)
            return True
        return False

    def _drop_request(self, ctx: TurnContext, frame: Frame, flow: FlowSpec) -> None:
        """The customer no longer wants ``frame``'s request ("no", "ok keep the boots then");
        what else the message asks is still heard ("No, don't cancel it. What's my total
        refund?")."""
        ctx.say("request_dropped", title=flow.title)
        if frame in ctx.state.frames:
            ctx.state.frames.remove(frame)
        ctx.target = None
        if not self._refund_total(ctx):
            self._start_requests(ctx, ctx.state.frame, skip=flow.name) or closing(ctx)

    def _gives_identity(self, ctx: TurnContext) -> bool:
        from frontline.agent.reading.results import EntityKind

        kinds = {EntityKind.EMAIL, EntityKind.ZIP_CODE, EntityKind.PERSON}
        if any(e.kind in kinds for e in ctx.understanding.entities):
            return True
        return bool(identify_words(ctx.text))

    def _start_requests(self, ctx: TurnContext, frame: Frame | None, skip: str = "") -> bool:
        waiting = frame is not None and frame.asked is not None
        if waiting and len(ctx.text.split()) < MIN_DIGRESSION_WORDS:
            return False  # "PayPal" answers the question; it is not a new request
        threshold = DIGRESSION_CONFIDENCE if waiting else INTENT_CONFIDENCE
        heard = requests_in(ctx, self._by_intent, threshold, verbs=not waiting)
        if not heard and is_question(ctx.text):
            # "Can you check my address first?", "which two t-shirts did I order ...?": a
            # question that only reads needs less certainty than a change (and, while another
            # question is open, it is asked again after)
            lower = INTENT_CONFIDENCE if waiting else READ_CONFIDENCE
            heard = [r for r in requests_in(ctx, self._by_intent, lower) if r[0].action is None]
        requests = [r for r in heard if r[0].name != skip]
        change = None if waiting or any(f.action for f, _ in requests) else item_change_named(ctx)
        if change is not None:  # "order #W5, the mouse: I want the laser one instead"
            requests = [(change[0], ctx.text)]
        again = more_of_the_same(ctx, self.flows, requests) if not waiting else None
        if again is not None:  # "And in order #W9, two more: ..." after an exchange
            requests = [(again, ctx.text)]
        if POLICY_LIMIT.search(ctx.text) and "policy_question" in self.flows:
            requests = [(self.flows["policy_question"], ctx.text)]  # "can you split the payment?"
        same = frame is not None and len(requests) == 1 and requests[0][0].name == frame.flow
        if frame is not None and self._payment_preference(ctx, frame, requests):
            frame.said.append(ctx.text)  # "the Mastercard for any payment": read when asked
            same = True
        if same and frame is not None and frame.asked:
            ctx.target = frame
            if frame.asked == "confirmation":  # asked again instead of yes: list it again
                frame.asked, frame.pending = None, None
            return True  # the same request again: ask what is missing
        if not requests:
            return False
        if frame is not None and frame.asked == "confirmation" and frame.pending:
            frame.asked = "confirmation_resume"
        if len({i for _, words in requests for i in order_ids(words)}) < 2 and not (
            SEQUENCE.search(ctx.text) and not all(_pending_only(f) for f, _ in requests)
        ):
            # an item change locks the order: last, where the others leave the order as it is
            # (pending changes); an order the customer gives ("first ..., after that ...") for
            # delivered orders stands, since one of those can't wait for the other anyway
            requests.sort(key=lambda r: r[0].runs_last)
        new = [Frame(flow=f.name, text=words) for f, words in requests]
        if change is not None and requests == [(change[0], ctx.text)]:
            new[0].slots["_order_context"] = change[1]  # the order named, or talked about last
        for request in new if len(new) > 1 else ():
            request.slots["_message"] = ctx.text  # "that order" may be named by another request
            request.slots["_said_with"] = ctx.text  # "... no longer needed" may serve each one
        if frame is not None and "order" in frame.slots and self._instead_of(ctx, frame, new):
            # "then cancel the whole order": the order being discussed, instead of that request
            new[0].slots["_order_context"] = frame.slots["order"]
            if frame in ctx.state.frames:
                ctx.state.frames.remove(frame)
        restated = {f.flow for f in new}
        for earlier in [f for f in ctx.state.frames if f.flow in restated and _unstarted(f)]:
            # "cancel or return every order I can", later "cancel the pending orders and
            # return everything else": the requests said anew replace the ones not begun
            ctx.state.frames.remove(earlier)
        ctx.state.frames.extend(reversed(new))
        ctx.target = None
        return True

    def _payment_preference(
        self, ctx: TurnContext, frame: Frame, requests: list[tuple[FlowSpec, str]]
    ) -> bool:
        """ "I'd prefer the Mastercard for any payment or refund" while a request that takes a
        payment is under way: a preference for that request, not a payment change of an order."""
        pays = any(s.kind is SlotKind.payment_method for s in self.flows[frame.flow].slots)
        if not pays or not PAYMENT_FOR.search(ctx.text):
            return False
        # whichever way the message was classified (a payment change, a question about
        # refunds), it names no other change and one of the customer's payment methods
        changes = [f for f, _ in requests if f.action is not None]
        if any(f.name != "modify_order_payment" for f in changes):
            return False
        methods = (ctx.user() or {}).get("payment_methods") or {}
        return bool(payment_mentions(ctx.text, methods, None))

    def _instead_of(self, ctx: TurnContext, frame: Frame, new: list[Frame]) -> bool:
        """ "Then cancel the whole order", or "Then can you switch all the items..." while a
        question of ``frame`` is open: the new request replaces it, on the same order. Not
        when it comes in addition ("before that, I also want that order's address changed")."""
        if ADDITION.search(ctx.text):
            return False
        if SAME_ORDER.search(ctx.text):
            return True
        asked = frame.asked not in (None, "confirmation", "confirmation_resume")
        action = self.flows[new[0].flow].action is not None
        ids = order_ids(ctx.text)
        elsewhere = bool(ids and frame.slots["order"] not in ids) or OTHER_ORDER.search(ctx.text)
        return (
            asked and action and len(new) == 1 and not elsewhere and bool(INSTEAD.search(ctx.text))
        )

    def _not_understood(self, ctx: TurnContext) -> None:
        ctx.state.misunderstood += 1
        if ctx.state.misunderstood >= MAX_MISUNDERSTOOD:
            hand_off(ctx, Reason.not_understood)
            return
        frame = ctx.state.frame
        confirming = frame is not None and frame.asked == "confirmation"
        ctx.say("confirm_yes_no" if confirming else "not_understood")
        if frame is not None and frame.asked:
            frame_asked = frame.asked
            frame.asked = None
            self._advance(ctx, reask=frame_asked)
        else:
            ctx.say("what_can_i_do", awaiting="free_text")

    # Moving the active request forward

    def _advance(self, ctx: TurnContext, reask: str | None = None) -> None:  # noqa: ARG002
        for _ in range(MAX_STEPS):
            frame = ctx.state.frame
            if frame is None:
                if ctx.out and not ctx.resolved and not any(r.awaiting for r in ctx.out):
                    ctx.say("anything_else", awaiting="anything_else")
                return
            if not self._step(ctx, frame):
                return

    def _step(self, ctx: TurnContext, frame: Frame) -> bool:
        """Advance ``frame``; True when it finished (popped) and the next one may go on."""
        flow = self.flows[frame.flow]
        agreed = frame.slots.pop("_yes_to", None)  # said yes while restating it: see below
        if frame.asked == "confirmation_resume":
            frame.asked = None
            frame.pending = None
            ctx.say("resume", title=flow.title)
        if flow.needs_identity and ctx.state.user_id is None:
            done = identify(ctx, frame, fresh_message=ctx.target in (frame, None))
            if done is Identified.handed_off:
                hand_off(ctx, Reason.identity)
                return False
            if done is Identified.asked:
                return False
        if flow.action is not None and needs_code(ctx):  # a write needs the one-time code first
            if ask_for_code(ctx, frame, self.codes) is CodeStep.handed_off:
                hand_off(ctx, Reason.identity)
            return False
        for spec in flow.slots:
            if spec.name in frame.slots:
                continue
            outcome = self.pack.slot_fillers[spec.kind](ctx, frame, spec)
            if frame.flow != flow.name:
                return self._step(ctx, frame)  # handed to the flow for this order's status
            if outcome is Fill.asked:
                return False
            if outcome is Fill.ended:
                return self._finish(ctx, frame)
        if flow.answer is not None:
            self._answers[flow.answer](ctx, frame)
            return self._finish(ctx, frame)
        if frame.slots.pop("_confirmed", False) and frame.pending is not None:
            actions.run_action(ctx, frame, flow)
            return self._finish(ctx, frame)
        if frame.pending is None or frame.asked != "confirmation":
            denial = actions.offer_action(ctx, frame, flow, agreed)
            if denial is None and frame.slots.pop("_confirmed", False):
                actions.run_action(ctx, frame, flow)  # the very action the yes was for
                return self._finish(ctx, frame)
            if denial is None:
                return False
            payment = next((s.name for s in flow.slots if s.kind is SlotKind.payment_method), None)
            refused = frame.slots.pop(payment, None) if payment else None
            if denial.rule in RETRY_PAYMENT and refused:
                frame.slots.setdefault("_refused_methods", []).append(refused)
                return self._step(ctx, frame)  # asks for another payment method
            return self._finish(ctx, frame)
        return False

    def _finish(self, ctx: TurnContext, frame: Frame) -> bool:
        ctx.state.frames.remove(frame)
        below = ctx.state.frame
        if below is not None and below.flow == frame.flow and "_order_hint" in below.slots:
            # the same request for the next order: what was said for the first one holds too
            below.said = [t for t in frame.said if t not in below.said] + below.said
        ctx.target = None
        below = ctx.state.frame
        if below is not None and below.asked and below.asked != "confirmation_resume":
            ctx.say("resume", title=self.flows[below.flow].title)
            below.asked = None
            below.pending = None
        return True


def _pending_only(flow: FlowSpec) -> bool:
    """The request acts on pending orders only (their items, address, payment, cancellation)."""
    return any(s.kind is SlotKind.order and s.statuses == ("pending",) for s in flow.slots)


def _done_for(ctx: TurnContext, flow: FlowSpec, words: str) -> bool:
    """``flow``'s write was already done in this conversation for the order ``words`` name:
    "#W4 is the one to fix. #W6 already has the right address" after #W4's address change
    answers a question; it asks for no new change."""
    if flow.action is None:
        return False
    done = [d for d in ctx.state.done if d.startswith(f"{flow.action.tool} ")]
    return any(f"order_id={order_id}" in d for d in done for order_id in order_ids(words))


def _unstarted(frame: Frame) -> bool:
    """A request still waiting its turn: nothing asked, nothing filled (hints aside)."""
    filled = [name for name in frame.slots if not name.startswith("_")]
    return frame.asked is None and frame.pending is None and not filled


def _names_another_process(flow: FlowSpec, heard: list[tuple[FlowSpec, str]]) -> bool:
    """A request heard by its own verb that ``flow`` does not become by the order's status."""
    return any(
        not same_process(flow, f)
        and any(names_its_action(i, without_payment_words(words)) for i in f.intents)
        for f, words in heard
    )


def _status(ctx: TurnContext) -> ConversationStatus:
    if ctx.handoff is not None:
        return ConversationStatus.escalated
    if ctx.resolved:
        return ConversationStatus.resolved
    if any(r.awaiting for r in ctx.out):
        return ConversationStatus.pending
    return ConversationStatus.open
