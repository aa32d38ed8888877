"""ASGI middlewares that keep abuse out: request bodies over the configured size get 413,
clients, tokens and conversations over their request rate get 429 with Retry-After, and a
URL holding a NUL byte gets 400."""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from frontline.services.counters import Counters
from frontline.web.errors import error_response


class BodyTooLarge(Exception):
    pass


class BodySizeLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge
            return message

        try:
            await self.app(scope, counting_receive, send)
        except BodyTooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = error_response(
            413, "payload_too_large", f"the request body is larger than {self.max_bytes} bytes"
        )
        await response(scope, receive, send)


class NulInUrl:
    """A NUL byte (``%00``) in a URL's path or query names no id and is no text a store keeps
    (PostgreSQL refuses it): the request is refused before any route reads it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and ("\x00" in scope["path"] or b"%00" in scope["query_string"]):
            response = error_response(400, "invalid_request", "the URL holds a NUL byte (%00)")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


# The public, customer-facing conversation routes (a customer token or none at all).
_CONVERSATION_ROUTE = re.compile(r"^/api/v1/conversations(?:/([^/]+)(/messages)?)?/?$")
_WIDGET_SOCKET = "/widget/ws"
_PUBLIC_FORMS = frozenset({"/help/contact"})  # forms anyone may post that open a conversation
WINDOW_SECONDS = 60


@dataclass(frozen=True, slots=True)
class RateLimits:
    per_ip: int  # requests per minute; 0: unlimited
    per_token: int
    per_conversation: int
    trust_forwarded: bool = False


def client_address(scope: Scope, trust_forwarded: bool) -> str:
    """The client's address: the last X-Forwarded-For hop when the proxy is trusted."""
    if trust_forwarded:
        forwarded: bytes | None = dict(scope["headers"]).get(b"x-forwarded-for")
        if forwarded:
            return forwarded.decode("latin-1").split(",")[-1].strip()
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _bearer(scope: Scope) -> str | None:
    header = dict(scope["headers"]).get(b"authorization", b"").decode("latin-1")
    scheme, _, value = header.partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


class RateLimit:
    """Answers 429 with Retry-After once a client, a token or a conversation sends more than
    its share of requests a minute to the public conversation endpoints or the widget."""

    def __init__(self, app: ASGIApp, counters: Counters, limits: RateLimits) -> None:
        self.app = app
        self.counters = counters
        self.limits = limits

    def _keys(self, scope: Scope) -> list[tuple[str, int]]:
        if scope["type"] not in ("http", "websocket"):
            return []
        path = scope["path"]
        if scope["type"] == "websocket":
            matched = path == _WIDGET_SOCKET
            conversation = None
        elif path in _PUBLIC_FORMS:
            matched = scope.get("method") == "POST"
            conversation = None
        else:
            found = _CONVERSATION_ROUTE.match(path) if scope["type"] == "http" else None
            method = scope.get("method")
            matched = found is not None and (
                method == "POST" if found.group(1) is None or found.group(2) else method == "GET"
            )
            conversation = found.group(1) if found is not None else None
        if not matched:
            return []
        limits = self.limits
        keys = [(f"ip:{client_address(scope, limits.trust_forwarded)}", limits.per_ip)]
        token = _bearer(scope)
        if token:
            digest = hashlib.sha256(token.encode()).hexdigest()[:32]
            keys.append((f"token:{digest}", limits.per_token))
        if conversation:
            keys.append((f"conversation:{conversation}", limits.per_conversation))
        return [(key, limit) for key, limit in keys if limit > 0]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        for key, limit in self._keys(scope):
            count, left = self.counters.hit(key, WINDOW_SECONDS)
            if count > limit:
                await self._refuse(scope, receive, send, key.partition(":")[0], left)
                return
        await self.app(scope, receive, send)

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, what: str, left: float
    ) -> None:
        retry = max(1, math.ceil(left))
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1013, "reason": "rate limited"})
            return
        response = error_response(
            429, "rate_limited", f"too many requests for this {what}: retry in {retry} s"
        )
        response.headers["Retry-After"] = str(retry)
        await response(scope, receive, send)
