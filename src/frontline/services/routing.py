"""Routing use cases: queues and their members, presence and capacity, and assignment.

Automatic assignment (``route_in``) runs inside the transaction that creates the human work
(a hand-off, a queue change, an explicit request). It claims the queue first (a row lock on
PostgreSQL, the write lock on SQLite), then locks and counts its members' loads, so two
arrivals at once take turns and nobody goes over capacity. Work nobody has room for waits;
``assign_waiting`` (the worker's sweep, and a member coming online) hands it out oldest first.
Manual assignment by staff is not limited by capacity: a person decided.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from frontline.domain.conversations import Conversation, ConversationStatus
from frontline.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from frontline.domain.ids import ConversationId
from frontline.domain.routing import (
    MAX_CAPACITY,
    Presence,
    Queue,
    Seat,
    Strategy,
    choose_assignee,
    normalize_languages,
    normalize_queue_name,
)
from frontline.domain.staff import StaffUser
from frontline.domain.text import names_nothing
from frontline.services.access import (
    access_conversation_as_staff,
    access_handback,
    access_supervision,
)
from frontline.services.clock import now
from frontline.services.conversations import record_changes, touched
from frontline.services.ports import DuplicateKey, Store, UnitOfWork
from frontline.services.routing_ports import PresenceState

DONE = (ConversationStatus.resolved, ConversationStatus.closed)
WAITING_BATCH = 200


@dataclass(frozen=True, slots=True)
class QueueView:
    queue: Queue
    members: Sequence[str]
    waiting: int


def _queue_name(value: str) -> str:
    name = normalize_queue_name(value)
    if name is None:
        raise InvalidInput("a queue name has 1 to 64 characters: a-z, 0-9, space, '.', '_', '-'")
    return name


def create_queue(store: Store, staff: StaffUser, name: str, strategy: Strategy) -> Queue:
    """A supervisor adds a routed queue."""
    access_supervision(staff)
    return add_queue(store, name, strategy)


def add_queue(store: Store, name: str, strategy: Strategy, members: Sequence[str] = ()) -> Queue:
    """Add a routed queue with its first members, all or nothing (the operator's path:
    ``frontline queues create``)."""
    queue = Queue(name=_queue_name(name), strategy=strategy, created_at=now())
    try:
        with store.transaction() as tx:
            # Members first: on SQLite a savepoint opened before any write commits on release.
            staff = [_active_staff(tx, username) for username in members]
            tx.routing.add_queue(queue)
            for member in staff:
                tx.routing.add_member(member.id, queue.name)
    except DuplicateKey as exc:
        raise Conflict(f"a queue named {queue.name!r} exists") from exc
    return queue


def list_queues(store: Store) -> Sequence[QueueView]:
    with store.transaction() as tx:
        return [
            QueueView(q, tx.routing.members(q.name), len(tx.routing.waiting(q.name, 10_000)))
            for q in tx.routing.queues()
        ]


def change_queue_strategy(store: Store, staff: StaffUser, name: str, strategy: Strategy) -> Queue:
    access_supervision(staff)
    with store.transaction() as tx:
        queue = _existing_queue(tx, name)
        tx.routing.set_strategy(queue.name, strategy)
    return replace(queue, strategy=strategy)


def delete_queue(store: Store, staff: StaffUser, name: str) -> None:
    access_supervision(staff)
    with store.transaction() as tx:
        if not tx.routing.delete_queue(_queue_name(name)):
            raise NotFound(f"queue {name!r} not found")


def add_queue_member(store: Store, staff: StaffUser, queue: str, username: str) -> QueueView:
    access_supervision(staff)
    return join_queue(store, queue, username)


def join_queue(store: Store, queue: str, username: str) -> QueueView:
    """``username`` works ``queue`` from now on; waiting work may reach them at once."""
    with store.transaction() as tx:
        found = _existing_queue(tx, queue)
        member = _active_staff(tx, username)
        tx.routing.add_member(member.id, found.name)
    assign_waiting(store, found.name)
    return _view(store, found.name)


def remove_queue_member(store: Store, staff: StaffUser, queue: str, username: str) -> QueueView:
    access_supervision(staff)
    with store.transaction() as tx:
        found = _existing_queue(tx, queue)
        member = _active_staff(tx, username)
        if not tx.routing.remove_member(member.id, found.name):
            raise NotFound(f"{member.username} is not a member of {found.name!r}")
    return _view(store, found.name)


def get_presence(store: Store, staff: StaffUser) -> PresenceState:
    with store.transaction() as tx:
        return tx.routing.presence(staff.id)


def set_presence(store: Store, staff: StaffUser, presence: Presence) -> PresenceState:
    """``staff`` goes online, away or offline; coming online picks up waiting work."""
    with store.transaction() as tx:
        state = replace(tx.routing.presence(staff.id), presence=presence, updated_at=now())
        tx.routing.put_presence(staff.id, state)
    if presence is Presence.online:
        for queue in staff.queues:
            assign_waiting(store, queue)
    return state


def set_seat(
    store: Store,
    staff: StaffUser,
    username: str,
    capacity: int | None = None,
    languages: Sequence[str] | None = None,
) -> PresenceState:
    """A supervisor sets a member's capacity and the languages they answer in."""
    access_supervision(staff)
    if capacity is not None and not 0 <= capacity <= MAX_CAPACITY:
        raise InvalidInput(f"capacity must be between 0 and {MAX_CAPACITY}")
    codes = None if languages is None else normalize_languages(languages)
    if languages is not None and codes is None:
        raise InvalidInput("languages are codes like 'en', 'es' or 'pt-br'")
    with store.transaction() as tx:
        member = _active_staff(tx, username)
        state = tx.routing.presence(member.id)
        state = replace(
            state,
            capacity=state.capacity if capacity is None else capacity,
            languages=state.languages if codes is None else codes,
            updated_at=now(),
        )
        tx.routing.put_presence(member.id, state)
    for queue in member.queues:
        assign_waiting(store, queue)
    return state


def route_in(
    tx: UnitOfWork, conversation: Conversation, actor: str, language: str | None = None
) -> Conversation:
    """Assign ``conversation`` to a member of its queue with room, or leave it waiting.

    A queue without routing (no ``queues`` row) leaves the conversation as it is."""
    queue = tx.routing.claim_queue(conversation.queue)
    if queue is None:
        return conversation
    known = tx.routing.routing_of(conversation.id)
    language = language or (known.language if known else None)
    if conversation.assignee is not None or conversation.status in DONE:
        tx.routing.put_routing(conversation.id, queue.name, language, None)
        return conversation
    seats = tx.routing.seats(queue.name, lock=True)
    chosen = choose_assignee(queue.strategy, seats, queue.last_assignee, language)
    if chosen is None:
        since = (known.since if known else None) or now()
        tx.routing.put_routing(conversation.id, queue.name, language, since)
        return conversation
    return _assign(tx, queue, conversation, chosen, actor, language)


def _assign(
    tx: UnitOfWork,
    queue: Queue,
    conversation: Conversation,
    username: str,
    actor: str,
    language: str | None,
) -> Conversation:
    updated = replace(touched(conversation, ConversationStatus.escalated), assignee=username)
    tx.conversations.update(updated)
    record_changes(tx, conversation, updated, actor, "routing")
    tx.routing.set_last_assignee(queue.name, username)
    tx.routing.put_routing(conversation.id, queue.name, language, None)
    return updated


def route_conversation(
    store: Store, conversation_id: ConversationId, actor: str, language: str | None = None
) -> Conversation:
    if language is not None:
        codes = normalize_languages([language])
        if not codes:
            raise InvalidInput("a language is a code like 'en', 'es' or 'pt-br'")
        language = codes[0]
    with store.transaction() as tx:
        conversation = tx.conversations.get(conversation_id)
        if conversation is None:
            raise NotFound(f"conversation {conversation_id} not found")
        return route_in(tx, conversation, actor, language)


def assign_waiting(store: Store, queue: str | None = None) -> int:
    """Hand waiting work to members with room, oldest first; how many were assigned."""
    with store.transaction() as tx:
        names = [queue] if queue is not None else list(tx.routing.queues_with_waiting())
    return sum(_assign_waiting_in(store, name) for name in names)


def _assign_waiting_in(store: Store, name: str) -> int:
    assigned = 0
    with store.transaction() as tx:
        queue = tx.routing.claim_queue(name)
        if queue is None:
            return 0
        seats = {s.username: s for s in tx.routing.seats(name, lock=True)}
        last = queue.last_assignee
        for waiting in tx.routing.waiting(name, WAITING_BATCH):
            conversation = tx.conversations.get(waiting.conversation_id)
            if conversation is None or conversation.assignee or conversation.status in DONE:
                tx.routing.put_routing(waiting.conversation_id, name, waiting.language, None)
                continue
            chosen = choose_assignee(queue.strategy, list(seats.values()), last, waiting.language)
            if chosen is None:
                continue
            _assign(tx, queue, conversation, chosen, "system:routing", waiting.language)
            seats[chosen] = _one_more(seats[chosen])
            last, assigned = chosen, assigned + 1
    return assigned


def _one_more(seat: Seat) -> Seat:
    return replace(seat, load=seat.load + 1)


def assign_conversation(
    store: Store, staff: StaffUser, conversation_id: ConversationId, username: str | None
) -> Conversation:
    """Assign (or with None, unassign) by hand; an agent may only take it themselves."""
    with store.transaction() as tx:
        conversation = access_conversation_as_staff(tx, staff, conversation_id)
        access_handback(staff, conversation)  # taking from another human needs a supervisor
        assignee = None
        if username is not None:
            assignee = _active_staff(tx, username).username
            if assignee != staff.username and not staff.sees_every_queue:
                raise Forbidden("assigning to someone else needs a supervisor")
        if assignee == conversation.assignee:
            return conversation
        status = ConversationStatus.escalated if assignee else None
        if conversation.status in DONE:
            status = None
        updated = replace(touched(conversation, status), assignee=assignee)
        tx.conversations.update(updated)
        record_changes(tx, conversation, updated, f"human:{staff.username}", "manual")
        known = tx.routing.routing_of(conversation_id)
        if known is not None and assignee is not None:
            tx.routing.put_routing(conversation_id, conversation.queue, known.language, None)
    return updated


def move_to_queue(
    store: Store, staff: StaffUser, conversation_id: ConversationId, queue: str
) -> Conversation:
    """Move the conversation to ``queue``: it leaves its holder and is routed there."""
    name = _queue_name(queue)
    with store.transaction() as tx:
        conversation = access_conversation_as_staff(tx, staff, conversation_id)
        access_handback(staff, conversation)
        if conversation.queue == name:
            return conversation
        updated = replace(touched(conversation), queue=name, assignee=None)
        tx.conversations.update(updated)
        record_changes(tx, conversation, updated, f"human:{staff.username}", "queue change")
        return route_in(tx, updated, f"human:{staff.username}")


def _existing_queue(tx: UnitOfWork, name: str) -> Queue:
    queue = tx.routing.get_queue(_queue_name(name))
    if queue is None:
        raise NotFound(f"queue {name!r} not found")
    return queue


def _active_staff(tx: UnitOfWork, username: str) -> StaffUser:
    found = None if names_nothing(username) else tx.staff.find_by_username(username.strip().lower())
    if found is None or found[0].disabled:
        raise NotFound(f"no active staff member {username!r}")
    return found[0]


def _view(store: Store, name: str) -> QueueView:
    return next(v for v in list_queues(store) if v.queue.name == name)
