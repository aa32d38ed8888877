"""The retail store port: where the retail back office keeps users, orders and products.

Adapters: `InMemoryRetailStore` (tests, replays) and `SqlRetailStore` (SQLite / PostgreSQL).

Contracts every adapter keeps:
- All reads and writes of one back-office operation happen inside one `transaction()`; it
  commits when the block exits normally and discards every `put_*` when it raises.
- Records handed out are the caller's own copies: mutating them changes nothing until `put_*`.
- Records keep store order (the order of the loaded file): `find_*` return the first match in
  that order, as τ²-bench iterates its dicts, and `dump()` lists records in that order.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Protocol

from frontline.backoffice.port import RecordedWrite
from frontline.backoffice.retail.records import Order, Product, StoreData, User


class RetailSession(Protocol):
    """One transaction's view of the store."""

    def get_user(self, user_id: str) -> User | None: ...

    def get_order(self, order_id: str) -> Order | None: ...

    def get_product(self, product_id: str) -> Product | None: ...

    def products(self) -> Iterator[Product]:
        """Every product, in store order."""
        ...

    def find_user_id_by_email(self, email: str) -> str | None:
        """The first user whose email equals `email` ignoring case (`str.lower`)."""
        ...

    def find_user_id_by_name_zip(
        self, first_name: str, last_name: str, zip_code: str
    ) -> str | None:
        """The first user with this first and last name (ignoring case) and exactly this zip."""
        ...

    def put_user(self, user: User) -> None:
        """Insert or replace the user with `user["user_id"]`."""
        ...

    def put_order(self, order: Order) -> None:
        """Insert or replace the order with `order["order_id"]`."""
        ...

    def recorded_write(self, key: str) -> RecordedWrite | None:
        """The write recorded under `key`; in a write transaction it also holds the key, so a
        concurrent write with the same key waits until this transaction ends."""
        ...

    def record_write(self, write: RecordedWrite) -> None:
        """Keep `write` with this transaction's changes (a key is recorded once)."""
        ...


class RetailStore(Protocol):
    def transaction(self, *, write: bool) -> AbstractContextManager[RetailSession]:
        """A unit of work. `write=True` also serialises it against other writers of the same
        records, so a read-modify-write cannot lose a concurrent update."""
        ...

    def replace_all(self, data: StoreData) -> None:
        """Atomically replace the whole store with `data` (validated, see `records`)."""
        ...

    def dump(self) -> StoreData:
        """The whole store in the db.json shape, in store order."""
        ...

    def is_empty(self) -> bool:
        """True when the store holds no user, order or product."""
        ...
