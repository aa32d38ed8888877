"""Use cases for the support team's accounts: create a user, log in.

Passwords are stored as argon2id hashes (argon2-cffi's defaults); a login that finds no user
still spends one hash, so timing does not tell which usernames exist.
"""

from __future__ import annotations

from collections.abc import Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from frontline.domain.conversations import DEFAULT_QUEUE
from frontline.domain.errors import Conflict, InvalidInput, Unauthorized
from frontline.domain.staff import (
    MAX_PASSWORD_CHARS,
    MIN_PASSWORD_CHARS,
    Role,
    StaffId,
    StaffUser,
    new_staff_id,
    normalize_username,
)
from frontline.services.audit import CLI_ACTOR, record_audit, staff_actor
from frontline.services.clock import now
from frontline.services.conversations import MAX_QUEUE_CHARS
from frontline.services.ports import DuplicateKey, Store

MAX_NAME_CHARS = 200
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("a password nobody has")


def check_password(password: str) -> str:
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise InvalidInput(
            f"a password has {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters"
        )
    return password


def check_queues(queues: Sequence[str]) -> tuple[str, ...]:
    cleaned = {q.strip().lower() for q in queues if q.strip()}
    if any(len(q) > MAX_QUEUE_CHARS for q in cleaned):
        raise InvalidInput(f"a queue name has at most {MAX_QUEUE_CHARS} characters")
    return tuple(sorted(cleaned)) or (DEFAULT_QUEUE,)


def create_staff_user(
    store: Store,
    username: str,
    password: str,
    role: Role,
    name: str | None = None,
    queues: Sequence[str] = (),
    *,
    actor: str = CLI_ACTOR,
) -> StaffUser:
    """Add a member of the support team; agents without queues join the default queue."""
    cleaned = normalize_username(username)
    if cleaned is None:
        raise InvalidInput("a username is 1 to 64 of a-z, 0-9, '.', '_' and '-'")
    display = " ".join((name or cleaned).split())
    if len(display) > MAX_NAME_CHARS:
        raise InvalidInput(f"a name has at most {MAX_NAME_CHARS} characters")
    user = StaffUser(
        id=new_staff_id(),
        username=cleaned,
        name=display,
        role=role,
        created_at=now(),
        queues=check_queues(queues),
    )
    password_hash = _hasher.hash(check_password(password))
    try:
        with store.transaction() as tx:
            tx.staff.add(user, password_hash)
            record_audit(
                tx,
                actor,
                "settings.staff.create",
                staff_actor(user.username),
                {"role": user.role.value, "queues": list(user.queues)},
            )
    except DuplicateKey as exc:
        raise Conflict(f"the username {cleaned!r} is taken") from exc
    return user


def authenticate_staff(store: Store, username: str, password: str) -> StaffUser:
    """The active user with these credentials; one vague error for every kind of failure."""
    cleaned = normalize_username(username)
    with store.transaction() as tx:
        found = tx.staff.find_by_username(cleaned) if cleaned else None
    user, password_hash = found if found else (None, _DUMMY_HASH)
    try:
        _hasher.verify(password_hash, password[:MAX_PASSWORD_CHARS])
    except (VerificationError, InvalidHashError):
        user = None
    if user is None or user.disabled:
        with store.transaction() as tx:
            target = staff_actor(cleaned) if cleaned else "staff:?"
            record_audit(tx, "anonymous", "staff.login_failed", target)
        raise Unauthorized("wrong username or password")
    with store.transaction() as tx:
        if _hasher.check_needs_rehash(password_hash):
            tx.staff.set_password_hash(user.id, _hasher.hash(password))
        record_audit(tx, staff_actor(user.username), "staff.login", staff_actor(user.username))
    return user


def list_staff_users(store: Store) -> Sequence[StaffUser]:
    with store.transaction() as tx:
        return tx.staff.list()


def get_staff_user(store: Store, staff_id: StaffId) -> StaffUser | None:
    with store.transaction() as tx:
        return tx.staff.get(staff_id)
