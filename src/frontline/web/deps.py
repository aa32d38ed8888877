"""Dependencies shared by the routes: the composition root and the caller's token."""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import Depends, Request

from frontline.bootstrap import Frontline
from frontline.domain.ids import ConversationId
from frontline.services.customer_access import (
    SignedIdentity,
    Signing,
    access_conversation_as_caller,
)
from frontline.services.ports import ApiToken
from frontline.services.staff_access import access_conversation_by_token
from frontline.services.tokens import access_token


# Dependencies that only read application state are async: FastAPI runs a sync dependency in a
# worker thread, and that hop costs more than the whole lookup.
def frontline_of(request: Request) -> Frontline:
    frontline: Frontline = request.app.state.frontline
    return frontline


async def get_frontline(request: Request) -> Frontline:
    return frontline_of(request)


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" else None


def require_token(request: Request) -> ApiToken:
    return access_token(frontline_of(request).store, _bearer(request))


def require_admin_token(request: Request) -> ApiToken:
    return access_token(frontline_of(request).store, _bearer(request), admin=True)


def require_visible_conversation(
    conversation_id: str, request: Request, token: Annotated[ApiToken, Depends(require_token)]
) -> ConversationId:
    """The path's conversation, if the caller's API token may see it (helpdesk endpoints)."""
    return access_conversation_by_token(frontline_of(request).store, token, conversation_id)


async def require_conversation_access(conversation_id: str, request: Request) -> ConversationId:
    """The path's conversation, if the caller's customer token or API token opens it."""
    store = frontline_of(request).store
    return access_conversation_as_caller(store, conversation_id, _bearer(request))


class SignedCustomer(Protocol):
    @property
    def email(self) -> str | None: ...
    @property
    def external_id(self) -> str | None: ...
    @property
    def signature(self) -> str | None: ...
    @property
    def identity_token(self) -> str | None: ...


def signed_identity(
    frontline: Frontline, customer: SignedCustomer | None
) -> tuple[Signing, SignedIdentity] | None:
    """The host site's signed identity of the customer, if the request carries one."""
    if customer is None or (customer.signature is None and customer.identity_token is None):
        return None
    settings = frontline.settings
    secret = settings.identity_signing_secret
    signing = Signing(
        secret.get_secret_value() if secret else None,
        frontline.backoffice,
        audience=settings.identity_token_audience,
        issuer=settings.identity_token_issuer,
    )
    return signing, SignedIdentity(
        customer.signature, customer.email, customer.external_id, customer.identity_token
    )


App = Annotated[Frontline, Depends(get_frontline)]
Token = Annotated[ApiToken, Depends(require_token)]
AdminToken = Annotated[ApiToken, Depends(require_admin_token)]
ConversationAccess = Annotated[ConversationId, Depends(require_conversation_access)]
VisibleConversation = Annotated[ConversationId, Depends(require_visible_conversation)]
