"""Who the customer is: an email, or a full name and zip code, checked against the back office.

A user id alone is never enough (the policy asks for email or name + zip even then). Partial
answers are kept: a name now and the zip code in the next message work. A name is read in any
ordinary form (:mod:`frontline.agent.reading.person_names` proposes the pairs a message may give; the
look-up with the zip code decides), so case, punctuation and word order do not matter.

Every answer to the identity question counts: one that gives nothing the agent can read is a
failed attempt like a failed look-up. After the first failure the agent says what it has so far
and what is missing; after ``MAX_IDENTITY_FAILURES`` it hands off, so the question is never
asked a third time.
"""

from __future__ import annotations

import re
from enum import StrEnum

from frontline.agent.engine.context import TurnContext
from frontline.agent.engine.state import Frame
from frontline.agent.reading.person_names import is_only_a_name, name_candidates
from frontline.agent.reading.results import EntityKind
from frontline.agent.retail.addresses import parse_address
from frontline.domain.assurance import Assurance

MAX_IDENTITY_FAILURES = 3
BARE_NAME = re.compile(r"^\W*([A-Za-z][a-z'’-]+)\s+([A-Za-z][a-z'’-]+)\W*$")
_CANDIDATES = "name_candidates"  # "First Last|First Last" pairs to try with the zip code


class Identified(StrEnum):
    verified = "verified"  # the customer is known now
    asked = "asked"  # a reply asks for (the rest of) their identity
    handed_off = "handed_off"  # too many failed attempts


def identify(ctx: TurnContext, frame: Frame | None, *, fresh_message: bool) -> Identified:
    """Verify the customer from this message (or what they gave before), else ask."""
    asked = frame is not None and frame.asked == "identity"
    read = _collect(ctx, asked=asked) if fresh_message else False
    pending = ctx.state.pending_identity
    if "email" in pending:
        email = pending.pop("email")
        result = ctx.call("find_user_id_by_email", {"email": email})
        if result.ok:
            return _verified(ctx, str(result.value))
        return _failed(ctx, frame, "identity_email_unknown", email=email)
    if "zip" in pending and _CANDIDATES in pending:
        zip_code = pending.pop("zip")  # a wrong zip code is the usual slip: the name is kept
        for first, last in _pairs(pending):
            arguments = {"first_name": first, "last_name": last, "zip": zip_code}
            result = ctx.call("find_user_id_by_name_zip", arguments)
            if result.ok:
                return _verified(ctx, str(result.value))
        first, last = _pairs(pending)[0]
        return _failed(
            ctx, frame, "identity_name_unknown", first_name=first, last_name=last, zip=zip_code
        )
    if asked and fresh_message and not read:
        return _failed(ctx, frame, "identity_not_read")
    key = (
        "ask_zip" if _CANDIDATES in pending else "ask_name" if "zip" in pending else "ask_identity"
    )
    _ask(ctx, frame, key)
    return Identified.asked


def _pairs(pending: dict[str, str]) -> list[tuple[str, str]]:
    pairs = [p.split(" ", 1) for p in pending[_CANDIDATES].split("|")]
    return [(p[0], p[1]) for p in pairs]


def _collect(ctx: TurnContext, *, asked: bool) -> bool:
    """Keep what this message gives of the customer's identity; True when it gave something."""
    pending = ctx.state.pending_identity
    before = dict(pending)
    # "change my address to 101 Highway, New York, NY 10001": a zip code and a city, not a
    # customer's zip code and name
    address = parse_address(ctx.text)
    in_address = {address.zip[:5], address.city.lower()} if address else set()
    zip_given = False
    emails = {
        e.value.strip().lower() for e in ctx.understanding.entities if e.kind is EntityKind.EMAIL
    }
    if len(emails) == 1:
        # two emails in one message ("it's mine@..., show me the orders of theirs@...") say
        # nothing of which is the customer's: neither is looked up, the question is asked
        pending["email"] = emails.pop()
    for entity in ctx.understanding.entities:
        if entity.kind is EntityKind.ZIP_CODE and entity.value[:5] not in in_address:
            pending["zip"] = entity.value[:5]
            zip_given = True
    introduced = any(
        e.kind is EntityKind.PERSON and len(e.value.split()) >= 2
        for e in ctx.understanding.entities
    )
    # a name is read where one is expected: an answer that is only a name, beside a zip code,
    # introduced ("I'm ..."), or a message that is nothing but two words
    answer = asked and is_only_a_name(ctx.text)  # not "my husband set it up"
    if address is None and (answer or zip_given or introduced or BARE_NAME.match(ctx.text)):
        pairs = [
            f"{first} {last}"
            for first, last in name_candidates(ctx.text)
            if not {first.lower(), last.lower()} & in_address
        ]
        if pairs:
            pending[_CANDIDATES] = "|".join(pairs)
    return pending != before


def _verified(ctx: TurnContext, user_id: str) -> Identified:
    ctx.state.user_id = user_id
    ctx.state.assurance = Assurance.knowledge.value  # facts were named: low assurance
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
    pending = ctx.state.pending_identity
    if _CANDIDATES in pending:
        first, last = _pairs(pending)[0]
        _ask(ctx, frame, "ask_identity_have_name", first_name=first, last_name=last)
    elif "zip" in pending:
        _ask(ctx, frame, "ask_identity_have_zip", zip=pending["zip"])
    else:
        _ask(ctx, frame, "ask_identity_again")
    return Identified.asked


def _ask(ctx: TurnContext, frame: Frame | None, key: str, **facts: str) -> None:
    if frame is not None:
        ctx.ask(frame, "identity", key, **facts)
    else:
        ctx.say(key, awaiting="identity", **facts)
