"""The chat widget's transport: the served script, the demo shop, and the WebSocket.

WebSocket protocol (JSON frames)::

    client → server
      {"type": "hello", "conversation_id"?, "token"?, "after"?}   on every (re)connect
      {"type": "message", "text", "client_id",
       "customer"?: {"name"?, "email"?, "external_id"?, "signature"?, "identity_token"?}}
                                                  (signed: docs/security.md)
      {"type": "typing"}
    server → client
      {"type": "ready", "conversation_id", "token", "messages": [...]}   messages after "after"
      {"type": "ack", "client_id", "conversation_id", "token", "message"}
      {"type": "message", "message"} | {"type": "typing", "who"} | {"type": "status", "status"}
      {"type": "error", "code", "message", "client_id"?}

``client_id`` is stored as the message's channel id, so a message resent after a reconnect is
stored once. The token is the conversation's customer token (``services.customer_access``),
handed out with the first message's ack: only the browser that started a conversation can
resume it.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
from fastapi import APIRouter, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import FileResponse, HTMLResponse
from starlette.concurrency import run_in_threadpool

from frontline.bootstrap import Frontline
from frontline.domain.conversations import Channel, Conversation
from frontline.domain.errors import FrontlineError
from frontline.domain.ids import ConversationId
from frontline.services import agent_turns, live, messages, workspace
from frontline.services.customer_access import (
    access_customer_conversation,
    start_customer_conversation,
)
from frontline.services.customer_limits import (
    check_customer_message_rate,
    check_new_conversation_rate,
)
from frontline.services.customers import CustomerDetails
from frontline.web.console.pages import templates
from frontline.web.deps import signed_identity
from frontline.web.live import live_of

router = APIRouter(include_in_schema=False)
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


@router.get("/widget.js")
def widget_script() -> FileResponse:
    return FileResponse(
        STATIC_DIR / "widget.js",
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/demo")
def demo_shop(request: Request) -> HTMLResponse:
    return templates.TemplateResponse(request, "demo.html", {})


class ChatSession:
    """One widget connection: which conversation it speaks for, and the pump of live events."""

    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket
        self.frontline: Frontline = websocket.app.state.frontline
        self.updates = live_of(websocket)
        self.conversation_id: ConversationId | None = None
        self.token: str | None = None  # the customer token of ``conversation_id``
        self.pump: asyncio.Task[None] | None = None
        self.max_frame = self.frontline.limits.max_chars * 4 + 2_000

    async def error(self, code: str, message: str, client_id: Any = None) -> None:
        frame = {"type": "error", "code": code, "message": message, "client_id": client_id}
        await self.websocket.send_json(frame)

    async def follow(self, conversation_id: ConversationId) -> None:
        """Start relaying the conversation's live events (before reading the backlog)."""
        if self.conversation_id == conversation_id:
            return
        self.conversation_id = conversation_id
        ready = asyncio.Event()
        self.pump = asyncio.create_task(self._pump(conversation_id, ready))
        await ready.wait()

    async def _pump(self, conversation_id: ConversationId, ready: asyncio.Event) -> None:
        async with self.updates.subscribe([live.chat_topic(conversation_id)]) as subscription:
            ready.set()
            with contextlib.suppress(WebSocketDisconnect, RuntimeError):
                while True:
                    await self.websocket.send_json(await subscription.next())

    async def hello(self, data: dict[str, Any]) -> None:
        cid, token = data.get("conversation_id"), data.get("token")
        if not cid:
            await self.websocket.send_json({"type": "ready", "conversation_id": None})
            return
        try:
            conversation_id = await run_in_threadpool(
                access_customer_conversation, self.frontline.store, str(cid), str(token or "")
            )
            self.token = str(token)
            await self.follow(conversation_id)
            after = data.get("after")
            backlog = await run_in_threadpool(
                workspace.messages_after,
                self.frontline.store,
                conversation_id,
                str(after) if after else None,
            )
        except FrontlineError:
            await self.websocket.send_json({"type": "ready", "conversation_id": None})
            return
        await self.websocket.send_json(
            {
                "type": "ready",
                "conversation_id": conversation_id,
                "token": token,
                "messages": [live.message_payload(m) for m in backlog],
            }
        )

    async def message(self, data: dict[str, Any]) -> None:
        client_id = data.get("client_id")
        text = data.get("text")
        if not isinstance(text, str) or not isinstance(client_id, str):
            await self.error("invalid_input", "a message needs text and client_id", client_id)
            return
        store, limits = self.frontline.store, self.frontline.limits
        try:
            if self.conversation_id is None:
                customer = _customer(data.get("customer"))
                check_new_conversation_rate(self.frontline.customer_limits, customer)
                started = await run_in_threadpool(
                    start_customer_conversation,
                    store,
                    Channel.chat,
                    text,
                    customer,
                    limits,
                    client_id,
                    None,
                    signed_identity(self.frontline, _signed(data.get("customer"))),
                    ai_answers=self.frontline.agent is not None,
                )
                outcome, self.token = started.outcome, started.customer_token
                await self.follow(outcome.conversation.id)
            else:
                await run_in_threadpool(
                    check_customer_message_rate,
                    store,
                    self.frontline.customer_limits,
                    self.conversation_id,
                )
                outcome = await run_in_threadpool(
                    messages.receive_customer_message,
                    store,
                    self.conversation_id,
                    text,
                    limits,
                    client_id,
                    ai_answers=self.frontline.agent is not None,
                )
        except FrontlineError as exc:
            await self.error(exc.code, exc.message, client_id)
            return
        conversation = outcome.conversation
        await self.websocket.send_json(
            {
                "type": "ack",
                "client_id": client_id,
                "conversation_id": conversation.id,
                "token": self.token,
                "message": live.message_payload(outcome.message),
            }
        )
        if outcome.duplicate:
            return
        live.announce_message(self.updates, conversation, outcome.message)
        if self.frontline.agent is not None:
            answered = await run_in_threadpool(
                agent_turns.answer_customer_message, store, self.frontline.agent, outcome
            )
            live.announce_replies(self.updates, answered)

    async def typing(self) -> None:
        if self.conversation_id is None:
            return
        with contextlib.suppress(FrontlineError):
            conversation: Conversation = await run_in_threadpool(
                workspace.get_conversation, self.frontline.store, self.conversation_id
            )
            live.announce_typing(self.updates, conversation, "customer")

    async def serve(self) -> None:
        while True:
            raw = await self.websocket.receive_text()
            if len(raw) > self.max_frame:
                await self.error("payload_too_large", "the message is too long")
                continue
            try:
                data = orjson.loads(raw)
            except orjson.JSONDecodeError:
                await self.error("malformed_json", "frames are JSON objects")
                continue
            kind = data.get("type") if isinstance(data, dict) else None
            if kind == "hello":
                await self.hello(data)
            elif kind == "message":
                await self.message(data)
            elif kind == "typing":
                await self.typing()
            else:
                await self.error("invalid_input", "unknown frame type")


def _customer(raw: Any) -> CustomerDetails | None:
    if not isinstance(raw, dict):
        return None
    name, email = raw.get("name"), raw.get("email")
    return CustomerDetails(
        name=name if isinstance(name, str) and name.strip() else None,
        email=email if isinstance(email, str) and email.strip() else None,
    )


@dataclass(frozen=True, slots=True)
class _SignedCustomer:
    email: str | None
    external_id: str | None
    signature: str | None
    identity_token: str | None


def _signed(raw: Any) -> _SignedCustomer | None:
    if not isinstance(raw, dict) or not any(
        isinstance(raw.get(key), str) for key in ("signature", "identity_token")
    ):
        return None

    def text(key: str) -> str | None:
        value = raw.get(key)
        return value.strip() if isinstance(value, str) and value.strip() else None

    return _SignedCustomer(
        text("email"), text("external_id"), text("signature"), text("identity_token")
    )


@router.websocket("/widget/ws")
async def widget_socket(websocket: WebSocket) -> None:
    await websocket.accept()
    session = ChatSession(websocket)
    try:
        await session.serve()
    except WebSocketDisconnect:
        pass
    finally:
        if session.pump is not None:
            session.pump.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await session.pump
