"""Limits per customer that hold across conversations.

The request limits of ``web.limits`` count per address, per bearer token and per
conversation; a customer who opens a new conversation gets a new token and a new
conversation bucket. These count the customer themselves, whichever conversation they write
in, by every key that names them:

    identity:<hash>   an email or phone the customer gave (at the start, or on the
                      conversation's customer record)
    account:<hash>    the back-office account the conversation is verified as (the agent's
                      state, or a signed identity)

A message over ``messages_per_minute`` for any of its keys is refused (``RateLimited``)
before anything is stored. The one-time code emails of one account are counted the same way
(``services.identity_codes``), so new conversations do not mean new codes to guess.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

from frontline.domain.errors import RateLimited
from frontline.domain.ids import ConversationId
from frontline.services.counters import Counters
from frontline.services.customers import CustomerDetails, check_customer_details
from frontline.services.ports import Store

WINDOW_SECONDS = 60


@dataclass(frozen=True, slots=True)
class CustomerLimits:
    counters: Counters
    messages_per_minute: int  # 0: no limit


def identity_key(value: str) -> str:
    return "identity:" + hashlib.sha256(value.encode()).hexdigest()[:32]


def account_key(user_id: str) -> str:
    return "account:" + hashlib.sha256(user_id.encode()).hexdigest()[:32]


def _keys_of_conversation(store: Store, conversation_id: ConversationId) -> list[str]:
    with store.transaction() as tx:
        conversation = tx.conversations.get(conversation_id)
        customer_id = conversation.customer_id if conversation is not None else None
        customer = tx.customers.get(customer_id) if customer_id is not None else None
        state = tx.agent_states.get(conversation_id)
    keys = [identity_key(i.value) for i in customer.identities] if customer is not None else []
    user_id = state.get("user_id") if state is not None else None
    if user_id:
        keys.append(account_key(str(user_id)))
    return keys


def _count(limits: CustomerLimits, keys: Sequence[str]) -> None:
    for key in keys:
        count, left = limits.counters.hit(key, WINDOW_SECONDS)
        if count > limits.messages_per_minute:
            retry = max(1, math.ceil(left))
            raise RateLimited(
                f"too many messages from this customer: retry in {retry} s", retry_after=retry
            )


def check_customer_message_rate(
    store: Store, limits: CustomerLimits, conversation_id: ConversationId
) -> None:
    """Count a message in ``conversation_id`` for its customer; RateLimited when over."""
    if limits.messages_per_minute > 0:
        _count(limits, _keys_of_conversation(store, conversation_id))


def check_new_conversation_rate(limits: CustomerLimits, customer: CustomerDetails | None) -> None:
    """Count the first message of a new conversation for the email or phone it gives.

    A signed identity's account is not counted here: its signature is not checked yet, and
    counting it would let anyone use up an account's share; its messages count from the
    next one on, once the conversation is verified.
    """
    if limits.messages_per_minute <= 0 or customer is None:
        return
    _, identities = check_customer_details(customer)
    _count(limits, [identity_key(i.value) for i in identities])
