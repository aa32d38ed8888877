"""The one-time code step: raising a verified customer's assurance before an account write.

When the deployment's writes need ``one_time_code`` and the customer is verified only by
knowledge (they named an email, or a name and zip code), a write flow stops before its first
slot: a 6-digit code is emailed to the address on file through the ``IdentityCodes`` port
(``services.identity_codes``), and the customer types it in the conversation. Only the port
knows the code (it keeps a hash, the expiry and the attempts); the agent keeps in its state
only that a code was sent. Reads keep working meanwhile; the policy engine refuses any write
until the code was accepted (rule ``assurance_required``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.state import Frame
from frontline.domain.assurance import Assurance, code_in, meets

SENT = "sent"


class CodeCheck(StrEnum):
    accepted = "accepted"  # the right code in time: the conversation is now one_time_code
    wrong = "wrong"  # not the code; more attempts are left
    expired = "expired"  # too late: a new code has to be sent
    locked = "locked"  # too many wrong codes: no more attempts in this conversation


class IdentityCodes(Protocol):
    def send(self, conversation_id: str, user_id: str) -> bool:
        """Make, store (hashed) and email a new code for ``user_id``; False when impossible."""

    def check(self, conversation_id: str, code: str) -> tuple[CodeCheck, int]:
        """Whether ``code`` is the conversation's open code, and the attempts left."""


class CodeStep(StrEnum):
    asked = "asked"  # a reply asks for the code (again)
    accepted = "accepted"  # the flow waiting for it may go on
    handed_off = "handed_off"  # locked out, or no code could be sent: a human takes over


def needs_code(ctx: TurnContext) -> bool:
    """A write now would need the one-time code the customer has not given yet."""
    need = ctx.tools.policy.requirements.writes
    return (
        ctx.state.user_id is not None
        and need is Assurance.one_time_code
        and not meets(ctx.assurance, need)
    )


def ask_for_code(ctx: TurnContext, frame: Frame, codes: IdentityCodes | None) -> CodeStep:
    """Send a code (once) and ask the customer to type it."""
    if ctx.state.code != SENT:
        sent = (
            codes is not None
            and ctx.state.conversation_id is not None
            and ctx.state.user_id is not None
            and codes.send(ctx.state.conversation_id, ctx.state.user_id)
        )
        if not sent:
            ctx.say("identity_code_unavailable")
            return CodeStep.handed_off
        ctx.state.code = SENT
    ctx.ask(frame, "identity_code", "ask_identity_code", email=_masked(ctx))
    return CodeStep.asked


def answer_code(ctx: TurnContext, codes: IdentityCodes | None) -> CodeStep | None:
    """The customer's answer while a code is out; None when this message is about something
    else (and nobody asked for the code just now)."""
    frame = ctx.state.frame
    asked = frame is not None and frame.asked == "identity_code"
    code = code_in(ctx.text)
    if code is None or codes is None or ctx.state.conversation_id is None:
        if not asked or frame is None:
            return None
        ctx.ask(frame, "identity_code", "ask_identity_code_again", email=_masked(ctx))
        return CodeStep.asked
    result, left = codes.check(ctx.state.conversation_id, code)
    if result is CodeCheck.accepted:
        ctx.state.assurance = Assurance.one_time_code.value
        ctx.state.code = None
        if frame is not None and asked:
            frame.asked = None
        ctx.say("identity_code_accepted")
        return CodeStep.accepted
    if result is CodeCheck.locked:
        ctx.state.code = None
        ctx.say("identity_code_locked")
        return CodeStep.handed_off
    if result is CodeCheck.expired:
        ctx.state.code = None
        ctx.say("identity_code_expired")
        if frame is None:
            return CodeStep.asked
        return ask_for_code(ctx, frame, codes)
    ctx.say("identity_code_wrong", attempts_left=str(left))
    if frame is not None:
        ctx.ask(frame, "identity_code", "ask_identity_code_again", email=_masked(ctx))
    return CodeStep.asked


def _masked(ctx: TurnContext) -> str:
    """The address on file as a hint the customer recognises: m***@example.com."""
    email = str((ctx.user() or {}).get("email") or "")
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "the email address on your account"
