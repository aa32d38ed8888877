"""Customer credentials: the bearer token a customer holds for the conversation they started.

``POST /api/v1/conversations`` and the widget's first message return a ``customer_token``
(``flc_`` + 256 random bits); only its SHA-256 is stored. Every later read or write of that
conversation presents it, or a staff API token. A token for another conversation, like an id
that does not exist, gets ``NotFound``: ids cannot be probed.

    caller's bearer secret
    ├── flc_...  customer token   its one conversation, nothing else
    └── fl_...   API token        admin: every conversation; owned by a member of staff:
                                  what they see in the workspace; otherwise (an integration
                                  token made before tokens had owners): every conversation
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from frontline.backoffice.port import BackOffice, BackOfficeError
from frontline.domain.assurance import Assurance, signature_is_valid
from frontline.domain.conversations import Channel, MessageOutcome
from frontline.domain.errors import InvalidInput, NotFound, Unauthorized
from frontline.domain.ids import ConversationId
from frontline.services.agent_turns import Responder, answer_customer_message
from frontline.services.clock import now
from frontline.services.customers import CustomerDetails
from frontline.services.identity_tokens import TokenRules, check_identity_token
from frontline.services.messages import MessageLimits, start_conversation
from frontline.services.ports import Store, UnitOfWork
from frontline.services.staff_access import access_conversation_by_token
from frontline.services.tokens import access_token, token_hash

CUSTOMER_TOKEN_PREFIX = "flc_"  # noqa: S105 - a public prefix, not a secret


@dataclass(frozen=True, slots=True)
class StartedConversation:
    outcome: MessageOutcome
    customer_token: str  # shown to the customer this once; only its hash is stored


@dataclass(frozen=True, slots=True)
class SignedIdentity:
    """Who the host site says the customer is, in one of two forms:

    - an email or an external id (the back office's user id) with the site's HMAC-SHA256 of
      it (hex) with the shared signing secret (``signature``);
    - a JWT signed with HS256 and the same secret (``token``, ``services.identity_tokens``),
      which names them itself; an email or external id given beside it must be the same.
    """

    signature: str | None = None
    email: str | None = None
    external_id: str | None = None
    token: str | None = None


@dataclass(frozen=True, slots=True)
class Signing:
    """What checking a signed identity needs: the shared secret, the claims a token must
    carry (when set) and the back office."""

    secret: str | None
    backoffice: BackOffice
    audience: str | None = None
    issuer: str | None = None


def check_signed_identity(signing: Signing, identity: SignedIdentity) -> dict[str, object]:
    """The agent state a verified customer starts with; Unauthorized for a bad signature or
    token, Forbidden for a token made for another audience or issuer."""
    if signing.secret is None:
        raise InvalidInput("signed customer identities are not enabled on this deployment")
    if identity.token is not None:
        rules = TokenRules(signing.secret, signing.audience, signing.issuer)
        named = check_identity_token(rules, identity.token)
        _check_same(identity.email, named.email, "email")
        _check_same(identity.external_id, named.external_id, "external_id")
        email, external_id = named.email, named.external_id
    else:
        if (identity.email is None) == (identity.external_id is None):
            raise InvalidInput("a signed customer gives exactly one of email and external_id")
        value = (identity.email or identity.external_id or "").strip()
        signature = identity.signature or ""
        if not value or not signature_is_valid(signing.secret, value, signature):
            raise Unauthorized("the customer's signature is not valid")
        email = value if identity.email is not None else None
        external_id = value if identity.external_id is not None else None
    return {
        "user_id": _account_of(signing.backoffice, email, external_id),
        "assurance": Assurance.signed.value,
    }


def _check_same(given: str | None, named: str | None, field: str) -> None:
    if given is not None and given.strip().lower() != (named or "").lower():
        raise InvalidInput(f"customer.{field} is not the one the identity token names")


def _account_of(backoffice: BackOffice, email: str | None, external_id: str | None) -> str:
    """The back-office user id of a signed customer; InvalidInput when there is none."""
    try:
        if email is not None:
            return str(backoffice.call("find_user_id_by_email", {"email": email.lower()}))
        backoffice.call("get_user_details", {"user_id": external_id})
        return str(external_id)
    except BackOfficeError as exc:
        raise InvalidInput("the signed customer has no account") from exc


def issue_customer_token(tx: UnitOfWork, conversation_id: ConversationId) -> str:
    secret = CUSTOMER_TOKEN_PREFIX + secrets.token_urlsafe(32)
    tx.access.add_credential(conversation_id, token_hash(secret), now())
    return secret


def start_customer_conversation(
    store: Store,
    channel: Channel,
    text: str,
    customer: CustomerDetails | None,
    limits: MessageLimits,
    channel_message_id: str | None = None,
    responder: Responder | None = None,
    signed: tuple[Signing, SignedIdentity] | None = None,
    *,
    ai_answers: bool | None = None,
) -> StartedConversation:
    """Open a conversation and hand its customer a credential, then let ``responder`` answer.

    A repeated first message (same ``channel_message_id``) returns the stored outcome with a
    fresh credential: the client retrying it lost the first one. A ``signed`` identity is
    checked before anything is stored; the conversation then starts verified (the agent asks
    no identity questions).
    """
    agent_state = check_signed_identity(*signed) if signed is not None else None
    will_answer = responder is not None if ai_answers is None else ai_answers
    outcome = start_conversation(
        store, channel, text, customer, limits, channel_message_id, ai_answers=will_answer
    )
    conversation_id = outcome.conversation.id
    with store.transaction() as tx:
        secret = issue_customer_token(tx, conversation_id)
        if agent_state is not None and not outcome.duplicate:
            tx.agent_states.put(conversation_id, agent_state, now())
    if responder is not None:
        outcome = answer_customer_message(store, responder, outcome)
    return StartedConversation(outcome, secret)


def access_customer_conversation(
    store: Store, conversation_id: str | None, secret: str | None
) -> ConversationId:
    """The conversation a customer credential opens; NotFound for any other (or none)."""
    if not conversation_id or not secret or not secret.startswith(CUSTOMER_TOKEN_PREFIX):
        raise NotFound("conversation not found")
    with store.transaction() as tx:
        owned = tx.access.conversation_of(token_hash(secret))
    if owned is None or owned != conversation_id:
        raise NotFound(f"conversation {conversation_id} not found")
    return owned


def access_conversation_as_caller(
    store: Store, conversation_id: str, secret: str | None
) -> ConversationId:
    """The conversation ``secret`` (customer token or API token) may read and write."""
    if not secret:
        raise Unauthorized(
            "this conversation needs 'Authorization: Bearer <customer_token>' or an API token"
        )
    if secret.startswith(CUSTOMER_TOKEN_PREFIX):
        with store.transaction() as tx:
            owned = tx.access.conversation_of(token_hash(secret))
        if owned is None:
            raise Unauthorized("the customer token is not valid")
        if owned != conversation_id:
            raise NotFound(f"conversation {conversation_id} not found")
        return owned
    return access_conversation_by_token(store, access_token(store, secret), conversation_id)
