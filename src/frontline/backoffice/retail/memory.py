"""`InMemoryRetailStore`: the retail store in process memory, for tests and fast replays.

Records are copied in and out as JSON (orjson), so no caller ever shares a mutable record with
the store, and whatever the store holds is JSON-able with its floats intact. One lock makes each
transaction atomic and isolated; puts are buffered and applied only on a clean exit.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TypeVar

import orjson

from frontline.backoffice.port import RecordedWrite
from frontline.backoffice.retail.records import Order, Product, StoreData, User

T = TypeVar("T")


def _copy(record: T) -> T:
    copied: T = orjson.loads(orjson.dumps(record))
    return copied


class InMemoryRetailSession:
    def __init__(self, data: StoreData, writes: dict[str, RecordedWrite]) -> None:
        self._data = data
        self._writes = writes
        self._users: dict[str, User] = {}
        self._orders: dict[str, Order] = {}
        self._new_writes: dict[str, RecordedWrite] = {}

    def get_user(self, user_id: str) -> User | None:
        user = self._users.get(user_id) or self._data["users"].get(user_id)
        return None if user is None else _copy(user)

    def get_order(self, order_id: str) -> Order | None:
        order = self._orders.get(order_id) or self._data["orders"].get(order_id)
        return None if order is None else _copy(order)

    def get_product(self, product_id: str) -> Product | None:
        product = self._data["products"].get(product_id)
        return None if product is None else _copy(product)

    def products(self) -> Iterator[Product]:
        for product in list(self._data["products"].values()):
            yield _copy(product)

    def find_user_id_by_email(self, email: str) -> str | None:
        wanted = email.lower()
        return next((u["user_id"] for u in self._all_users() if u["email"].lower() == wanted), None)

    def find_user_id_by_name_zip(
        self, first_name: str, last_name: str, zip_code: str
    ) -> str | None:
        first, last = first_name.lower(), last_name.lower()
        for user in self._all_users():
            name = user["name"]
            if (
                name["first_name"].lower() == first
                and name["last_name"].lower() == last
                and user["address"]["zip"] == zip_code
            ):
                return user["user_id"]
        return None

    def put_user(self, user: User) -> None:
        self._users[user["user_id"]] = _copy(user)

    def put_order(self, order: Order) -> None:
        self._orders[order["order_id"]] = _copy(order)

    def recorded_write(self, key: str) -> RecordedWrite | None:
        write = self._new_writes.get(key) or self._writes.get(key)
        return None if write is None else replace(write, result=_copy(write.result))

    def record_write(self, write: RecordedWrite) -> None:
        self._new_writes[write.key] = replace(write, result=_copy(write.result))

    def commit(self) -> None:
        self._data["users"].update(self._users)
        self._data["orders"].update(self._orders)
        self._writes.update(self._new_writes)

    def _all_users(self) -> Iterator[User]:
        for user_id, user in self._data["users"].items():
            yield self._users.get(user_id, user)
        for user_id, user in self._users.items():
            if user_id not in self._data["users"]:
                yield user


class InMemoryRetailStore:
    """A `RetailStore` in memory; starts empty, or with a copy of `data`."""

    def __init__(self, data: StoreData | None = None) -> None:
        self._lock = threading.Lock()
        self._data: StoreData = _copy(data) if data else {"users": {}, "orders": {}, "products": {}}
        self._writes: dict[str, RecordedWrite] = {}  # idempotency key -> the write it made

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[InMemoryRetailSession]:
        # One lock for readers and writers alike: memory operations take microseconds.
        with self._lock:
            session = InMemoryRetailSession(self._data, self._writes)
            yield session
            if write:
                session.commit()

    def replace_all(self, data: StoreData) -> None:
        fresh = _copy(data)
        with self._lock:
            self._data = fresh
            self._writes = {}

    def dump(self) -> StoreData:
        with self._lock:
            return _copy(self._data)

    def is_empty(self) -> bool:
        with self._lock:
            data = self._data
            return not (data["users"] or data["orders"] or data["products"])

    def __repr__(self) -> str:
        data = self._data
        counts = (len(data["users"]), len(data["orders"]), len(data["products"]))
        return "InMemoryRetailStore(users={}, orders={}, products={})".format(*counts)
