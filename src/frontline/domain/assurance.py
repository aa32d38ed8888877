"""Identity assurance: how sure we are that the person chatting owns the account.

Levels, weakest first (a level meets every requirement at or below it)::

    knowledge        they named the account's email, or its name and zip code. Anyone who
                     knows those facts passes: low assurance.
    one_time_code    ... and typed the 6-digit code we emailed to the address on file
    signed           the host site, where they are logged in, vouched for them with an
                     HMAC-SHA256 signature over their email or external id, or a JWT
                     (HS256) naming them (services.identity_tokens)
"""

from __future__ import annotations

import hashlib
import hmac
import re
from enum import StrEnum


class Assurance(StrEnum):
    knowledge = "knowledge"  # facts about the account were named (email, or name and zip code)
    one_time_code = "one_time_code"  # a code emailed to the address on file was typed back
    signed = "signed"  # the host site signed the customer's identity


_RANK = {Assurance.knowledge: 1, Assurance.one_time_code: 2, Assurance.signed: 3}
CODE_DIGITS = 6
# A code is six digits on their own (not part of an order id, a phone number or a zip+4).
CODE_IN_TEXT = re.compile(r"(?<![\d#-])(\d{3})[ -]?(\d{3})(?![\d-])")


def meets(have: Assurance | None, need: Assurance) -> bool:
    return have is not None and _RANK[have] >= _RANK[need]


def sign_identity(secret: str, value: str) -> str:
    """The signature a host site sends with a customer's email or external id (hex)."""
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()


def signature_is_valid(secret: str, value: str, signature: str) -> bool:
    return hmac.compare_digest(sign_identity(secret, value), signature.strip().lower())


def code_in(text: str) -> str | None:
    """The one-time code a message gives, if it gives exactly one."""
    found = CODE_IN_TEXT.findall(text)
    return "".join(found[0]) if len(found) == 1 else None


# Where an identity-code email holds its code while it waits in the outbox.
CODE_SLOT = b"{{identity_code}}"


def one_time_code(secret: str, nonce: str) -> str:
    """The code of one challenge, derived from a random nonce with the secret key.

    HOTP's construction (RFC 4226) with HMAC-SHA256 and a random nonce for the counter: the
    code is written nowhere, yet the sender of the queued email can make it again from what
    the outbox keeps (the nonce) and what only the processes know (the key).
    """
    digest = hmac.new(secret.encode(), f"identity-code:{nonce}".encode(), hashlib.sha256).digest()
    # 64 bits reduced mod 10**6: the bias is below 10**-13
    return f"{int.from_bytes(digest[:8], 'big') % 10**CODE_DIGITS:0{CODE_DIGITS}d}"
