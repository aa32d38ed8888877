"""API tokens: created by an administrator, presented as bearer tokens on the REST API."""

from __future__ import annotations

import hashlib
import secrets

from frontline.domain.errors import Forbidden, InvalidInput, Unauthorized
from frontline.domain.ids import new_token_id
from frontline.services.audit import CLI_ACTOR, record_audit
from frontline.services.clock import now
from frontline.services.ports import ApiToken, Store

TOKEN_PREFIX = "fl_"  # noqa: S105 - a public prefix, not a secret


def token_hash(secret: str) -> str:
    # Tokens are 256 random bits, so a fast hash is enough: there is nothing to brute-force.
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_token(
    store: Store,
    name: str,
    *,
    admin: bool,
    owner: str | None = None,
    actor: str = CLI_ACTOR,
) -> tuple[ApiToken, str]:
    """Store a new token and return it with its secret, which is shown only this once.

    A token with an ``owner`` (a staff username) sees the conversations that member of staff
    sees in the workspace, and stops working when their account is disabled.
    """
    name = name.strip()
    if not name:
        raise InvalidInput("a token needs a name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(id=new_token_id(), name=name, is_admin=admin, created_at=now())
    with store.transaction() as tx:
        found = tx.staff.find_by_username(owner.strip().lower()) if owner else None
        if owner and found is None:
            raise InvalidInput(f"there is no member of staff called {owner!r}")
        tx.tokens.add(token, token_hash(secret))
        if found is not None:
            tx.access.set_token_owner(token.id, found[0].id)
        record_audit(tx, actor, "token.create", f"token:{token.id}", {"admin": admin})
    return token, secret


def access_token(store: Store, secret: str | None, *, admin: bool = False) -> ApiToken:
    """The token for ``secret`` if it is valid (and an admin token when ``admin``)."""
    if not secret:
        raise Unauthorized("an API token is required: send 'Authorization: Bearer <token>'")
    with store.transaction() as tx:
        token = tx.tokens.find_by_hash(token_hash(secret))
    if token is None or token.revoked_at is not None:
        raise Unauthorized("the API token is not valid")
    if admin and not token.is_admin:
        raise Forbidden("this operation needs an admin API token")
    return token
