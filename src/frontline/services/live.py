"""Live updates: publish/subscribe so open widgets and workspaces see changes without polling.

Transports publish *after* a change has committed; subscribers are WebSocket handlers. Two
kinds of topic::

    chat:<conversation id>   what the customer may see: messages, the agent typing
    console                  what staff may see: every conversation change, with its queue
                             and assignee so each subscriber can apply ``access.can_see``

``InProcessLiveUpdates`` serves one process (the embedded default); ``RedisLiveUpdates``
(``frontline.storage.redis_live``) carries the same events between processes.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Protocol

from frontline.domain.conversations import Conversation, Message, MessageOutcome, Note

CONSOLE_TOPIC = "console"
MAX_BACKLOG = 1_000  # events a slow subscriber may fall behind before it loses the oldest

LiveEvent = dict[str, Any]


def chat_topic(conversation_id: str) -> str:
    return f"chat:{conversation_id}"


class Subscription:
    """Events for one subscriber, delivered on the event loop that subscribed."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._queue: asyncio.Queue[LiveEvent] = asyncio.Queue(MAX_BACKLOG)

    def deliver(self, event: LiveEvent) -> None:
        """Thread-safe: called from whichever thread published."""
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is listening
            self._loop.call_soon_threadsafe(self._put, event)

    def _put(self, event: LiveEvent) -> None:
        if self._queue.full():
            self._queue.get_nowait()
        self._queue.put_nowait(event)

    async def next(self) -> LiveEvent:
        return await self._queue.get()


class LiveUpdates(Protocol):
    def publish(self, topic: str, event: LiveEvent) -> None:
        """Send ``event`` to every subscriber of ``topic``; never blocks for long, never raises
        for want of subscribers."""

    def subscribe(self, topics: Sequence[str]) -> AbstractAsyncContextManager[Subscription]: ...

    def close(self) -> None: ...


class InProcessLiveUpdates:
    """Fan-out within one process; publish may be called from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: dict[str, set[Subscription]] = {}

    def publish(self, topic: str, event: LiveEvent) -> None:
        with self._lock:
            subscribers = list(self._subscribers.get(topic, ()))
        for subscription in subscribers:
            subscription.deliver(event)

    @contextlib.asynccontextmanager
    async def subscribe(self, topics: Sequence[str]) -> AsyncIterator[Subscription]:
        subscription = Subscription(asyncio.get_running_loop())
        with self._lock:
            for topic in topics:
                self._subscribers.setdefault(topic, set()).add(subscription)
        try:
            yield subscription
        finally:
            with self._lock:
                for topic in topics:
                    subscribers = self._subscribers.get(topic)
                    if subscribers is not None:
                        subscribers.discard(subscription)
                        if not subscribers:
                            del self._subscribers[topic]

    def close(self) -> None:
        with self._lock:
            self._subscribers.clear()


def message_payload(message: Message) -> LiveEvent:
    """A message as the widget and the workspace receive it."""
    return {
        "id": message.id,
        "direction": message.direction.value,
        "author_kind": message.author_kind.value,
        "author_id": message.author_id,
        "text": message.text,
        "created_at": message.created_at.isoformat(),
        "client_id": message.channel_message_id,
        "awaiting": message.awaiting,
        "options": list(message.options),
    }


def _console_event(kind: str, conversation: Conversation, **extra: Any) -> LiveEvent:
    return {
        "type": kind,
        "conversation_id": conversation.id,
        "queue": conversation.queue,
        "assignee": conversation.assignee,
        "status": conversation.status.value,
        **extra,
    }


def announce_message(live: LiveUpdates, conversation: Conversation, message: Message) -> None:
    """A message was stored: the customer's widget and the workspace both show it."""
    payload = message_payload(message)
    live.publish(chat_topic(conversation.id), {"type": "message", "message": payload})
    live.publish(CONSOLE_TOPIC, _console_event("message", conversation, message=payload))


def announce_replies(live: LiveUpdates, outcome: MessageOutcome) -> None:
    """The agent's replies to a message, then the conversation's new state."""
    for reply in outcome.sent:
        announce_message(live, outcome.conversation, reply)
    if outcome.sent or outcome.conversation.handoff is not None:
        announce_change(live, outcome.conversation)


def announce_outcome(live: LiveUpdates, outcome: MessageOutcome) -> None:
    """A customer message and whatever the agent answered to it."""
    announce_message(live, outcome.conversation, outcome.message)
    announce_replies(live, outcome)


def announce_note(live: LiveUpdates, conversation: Conversation, note: Note) -> None:
    """Notes go to staff only."""
    live.publish(CONSOLE_TOPIC, _console_event("note", conversation, note_id=note.id))


def announce_change(live: LiveUpdates, conversation: Conversation) -> None:
    """Status, assignee, priority, tags or queue changed."""
    live.publish(CONSOLE_TOPIC, _console_event("conversation", conversation))
    live.publish(
        chat_topic(conversation.id), {"type": "status", "status": conversation.status.value}
    )


def announce_typing(live: LiveUpdates, conversation: Conversation, who: str) -> None:
    """Someone is typing: the customer (to staff) or a human agent (to the customer)."""
    if who == "customer":
        live.publish(CONSOLE_TOPIC, _console_event("typing", conversation, who=who))
    else:
        live.publish(chat_topic(conversation.id), {"type": "typing", "who": who})
