"""Typed identifiers.

Ids are strings ``<prefix>_<26 chars>``: 48 bits of milliseconds then 80 random bits, in
Crockford base32, so they sort by creation time and a page cursor can be the last id seen.
Within one millisecond a process increments the random part, so its ids stay in order.

Conversation ids are also credentials' targets a stranger might probe, so they are never one
increment away from another: ``cnv_<10 chars of milliseconds><26 chars>``, 128 fresh random
bits each (still roughly time-ordered for page cursors, but unguessable).
"""

from __future__ import annotations

import secrets
import threading
import time
from typing import NewType

CustomerId = NewType("CustomerId", str)
ConversationId = NewType("ConversationId", str)
MessageId = NewType("MessageId", str)
NoteId = NewType("NoteId", str)
ActionId = NewType("ActionId", str)
TokenId = NewType("TokenId", str)

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def _encode(value: int, length: int) -> str:
    chars = []
    for _ in range(length):
        value, digit = divmod(value, 32)
        chars.append(_ALPHABET[digit])
    return "".join(reversed(chars))


_lock = threading.Lock()
_last = [0, 0]  # the millisecond and random part of the id made last


def new_id(prefix: str) -> str:
    with _lock:
        millis = time.time_ns() // 1_000_000
        if millis <= _last[0]:
            millis, entropy = _last[0], _last[1] + 1
        else:
            entropy = secrets.randbits(79)  # one spare bit keeps increments from overflowing
        _last[0], _last[1] = millis, entropy
    return f"{prefix}_{_encode(millis, 10)}{_encode(entropy, 16)}"


def new_customer_id() -> CustomerId:
    return CustomerId(new_id("cus"))


def new_conversation_id() -> ConversationId:
    millis = time.time_ns() // 1_000_000
    return ConversationId(f"cnv_{_encode(millis, 10)}{_encode(secrets.randbits(128), 26)}")


def new_message_id() -> MessageId:
    return MessageId(new_id("msg"))


def new_note_id() -> NoteId:
    return NoteId(new_id("note"))


def new_action_id() -> ActionId:
    return ActionId(new_id("act"))


def new_token_id() -> TokenId:
    return TokenId(new_id("tok"))
