"""Who the customer is: an email, or a full name and zip code, checked against the back office.

A user id alone is never enough (the policy asks for email or name + zip even then). Partial
answers are kept: a name now and the zip code in the next message work.
"""

from __future__ import annotations

import re
from enum import StrEnum

from frontline.agent.addresses import parse_address
from frontline.agent.context import TurnContext
from frontline.agent.state import Frame
from frontline.agent.understanding.results import EntityKind

MAX_IDENTITY_FAILURES = 3
BARE_NAME = re.compile(r"^\W*([A-Za-z][a-z'’-]+)\s+([A-Za-z][a-z'’-]+)\W*$")
_NAME_BEFORE_ZIP = re.compile(
    r"([A-Z][a-z'’-]+)\s+([A-Z][a-z'’-]+)\s*(?:,|\band\b|\bin\b|\bfrom\b|\bzip\b|\s)"
)
_NOT_A_NAME = frozenset(
    [
        "hi",
        "hello",
        "hey",
        "yes",
        "no",
        "okay",
        "ok",
        "thanks",
        "thank",
        "sure",
        "please",
        "my",
        "zip",
        "code",
        "the",
        "and",
        "is",
        "im",
        "it",
    ]
)


class Identified(StrEnum):
    verified = "verified"  # the customer is known now
    asked = "asked"  # a reply asks for (the rest of) their identity
    handed_off = "handed_off"  # too many failed attempts


def identify(ctx: TurnContext, frame: Frame | None, *, fresh_message: bool) -> Identified:
    """Verify the customer from this message (or what they gave before), else ask."""
    if fresh_message:
        _collect(ctx)
    pending = ctx.state.pending_identity
    if "email" in pending:
        email = pending.pop("email")
        result = ctx.call("find_user_id_by_email", {"email": email})
        if result.ok:
            return _verified(ctx, str(result.value))
        return _failed(ctx, frame, "identity_email_unknown", email=email)
    if {"first_name", "last_name", "zip"} <= pending.keys():
        arguments = {k: pending[k] for k in ("first_name", "last_name", "zip")}
        del pending["zip"]  # a wrong zip code is the usual slip: the name is kept
        result = ctx.call("find_user_id_by_name_zip", arguments)
        if result.ok:
            return _verified(ctx, str(result.value))
        return _failed(ctx, frame, "identity_name_unknown", **arguments)
    key = (
        "ask_zip" if "first_name" in pending else "ask_name" if "zip" in pending else "ask_identity"
    )
    _ask(ctx, frame, key)
    return Identified.asked


def _collect(ctx: TurnContext) -> None:
    pending = ctx.state.pending_identity
    entities = ctx.understanding.entities
    # "change my address to 101 Highway, New York, NY 10001": a zip code and a city, not a
    # customer's zip code and name
    address = parse_address(ctx.text)
    in_address = {address.zip[:5], address.city.lower()} if address else set()
    for entity in entities:
        if entity.kind is EntityKind.EMAIL:
            pending["email"] = entity.value.strip().lower()
        elif entity.kind is EntityKind.ZIP_CODE and entity.value[:5] not in in_address:
            pending["zip"] = entity.value[:5]
        elif (
            entity.kind is EntityKind.PERSON
            and len(entity.value.split()) >= 2
            and entity.value.lower() not in in_address
        ):
            first, *_, last = entity.value.split()
            pending["first_name"], pending["last_name"] = first, last
    if "first_name" not in pending and address is None:
        name = BARE_NAME.match(ctx.text) or (
            _NAME_BEFORE_ZIP.search(ctx.text) if "zip" in pending else None
        )
        if name and not {name[1].lower(), name[2].lower()} & _NOT_A_NAME:
            pending["first_name"], pending["last_name"] = name[1].title(), name[2].title()


def _verified(ctx: TurnContext, user_id: str) -> Identified:
    ctx.state.user_id = user_id
    ctx.state.pending_identity.clear()
    user = ctx.user(fresh=True)
    first = ((user or {}).get("name") or {}).get("first_name", "")
    ctx.say("identity_verified", first_name=first)
    return Identified.verified


def _failed(ctx: TurnContext, frame: Frame | None, key: str, **facts: str) -> Identified:
    ctx.state.identity_failures += 1
    if ctx.state.identity_failures >= MAX_IDENTITY_FAILURES:
        return Identified.handed_off
    ctx.say(key, **facts)
    _ask(ctx, frame, "ask_identity_again")
    return Identified.asked


def _ask(ctx: TurnContext, frame: Frame | None, key: str) -> None:
    if frame is not None:
        ctx.ask(frame, "identity", key)
    else:
        ctx.say(key, awaiting="identity")
