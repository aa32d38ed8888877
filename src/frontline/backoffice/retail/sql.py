"""`SqlRetailStore`: the retail store in the application database (SQLite or PostgreSQL).

Records live whole as orjson text in `frontline.storage.retail_tables`; state survives a
restart. Isolation of a write transaction (`transaction(write=True)`):
- SQLite: `BEGIN IMMEDIATE` takes the database's write lock before the first read, so a
  read-modify-write cannot interleave with another writer (busy_timeout makes others wait).
- PostgreSQL: users and orders are read `FOR UPDATE`, so a concurrent writer of the same
  record waits for this transaction. Every operation locks its order before its user, so two
  operations cannot deadlock on each other.
Read transactions see one consistent snapshot on both.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, update
from sqlalchemy import text as sql_text

from frontline.backoffice.port import RecordedWrite
from frontline.backoffice.retail.records import Order, Product, StoreData, User
from frontline.storage.retail_tables import (
    retail_orders,
    retail_products,
    retail_users,
    retail_writes,
)

# A transaction-scoped lock on an idempotency key (released at commit or rollback).
_LOCK_KEY = sql_text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))")


def _text(record: object) -> str:
    return orjson.dumps(record).decode()


def _user_row(user: User) -> dict[str, Any]:
    return {
        "user_id": user["user_id"],
        "email_key": user["email"].lower(),
        "first_name_key": user["name"]["first_name"].lower(),
        "last_name_key": user["name"]["last_name"].lower(),
        "zip": user["address"]["zip"],
        "data": _text(user),
    }


def _order_row(order: Order) -> dict[str, Any]:
    return {"order_id": order["order_id"], "user_id": order["user_id"], "data": _text(order)}


def _product_row(product: Product) -> dict[str, Any]:
    return {"product_id": product["product_id"], "data": _text(product)}


class SqlRetailSession:
    def __init__(self, connection: Connection, *, lock_rows: bool) -> None:
        self._db = connection
        self._lock_rows = lock_rows

    def get_user(self, user_id: str) -> User | None:
        data: User | None = self._get(retail_users, retail_users.c.user_id == user_id)
        return data

    def get_order(self, order_id: str) -> Order | None:
        data: Order | None = self._get(retail_orders, retail_orders.c.order_id == order_id)
        return data

    def get_product(self, product_id: str) -> Product | None:
        query = select(retail_products.c.data).where(retail_products.c.product_id == product_id)
        text = self._db.execute(query).scalar()
        return None if text is None else orjson.loads(text)

    def products(self) -> Iterator[Product]:
        query = select(retail_products.c.data).order_by(retail_products.c.seq)
        for text in self._db.execute(query).scalars():
            yield orjson.loads(text)

    def find_user_id_by_email(self, email: str) -> str | None:
        c = retail_users.c
        query = select(c.user_id).where(c.email_key == email.lower()).order_by(c.seq).limit(1)
        return self._db.execute(query).scalar()

    def find_user_id_by_name_zip(
        self, first_name: str, last_name: str, zip_code: str
    ) -> str | None:
        c = retail_users.c
        query = (
            select(c.user_id)
            .where(
                c.last_name_key == last_name.lower(),
                c.first_name_key == first_name.lower(),
                c.zip == zip_code,
            )
            .order_by(c.seq)
            .limit(1)
        )
        return self._db.execute(query).scalar()

    def put_user(self, user: User) -> None:
        self._put(retail_users, retail_users.c.user_id == user["user_id"], _user_row(user))

    def put_order(self, order: Order) -> None:
        self._put(retail_orders, retail_orders.c.order_id == order["order_id"], _order_row(order))

    def recorded_write(self, key: str) -> RecordedWrite | None:
        if self._lock_rows:  # PostgreSQL: hold the key (SQLite's BEGIN IMMEDIATE holds all)
            self._db.execute(_LOCK_KEY, {"key": key})
        c = retail_writes.c
        row = self._db.execute(select(c.name, c.digest, c.result).where(c.key == key)).first()
        if row is None:
            return None
        return RecordedWrite(key, row.name, row.digest, orjson.loads(row.result))

    def record_write(self, write: RecordedWrite) -> None:
        self._db.execute(
            insert(retail_writes).values(
                key=write.key, name=write.name, digest=write.digest, result=_text(write.result)
            )
        )

    def _get(self, table: Table, where: Any) -> Any:
        query = select(table.c.data).where(where)
        if self._lock_rows:
            query = query.with_for_update()
        text = self._db.execute(query).scalar()
        return None if text is None else orjson.loads(text)

    def _put(self, table: Table, where: Any, row: dict[str, Any]) -> None:
        if self._db.execute(update(table).where(where).values(**row)).rowcount:
            return
        next_seq = select(func.coalesce(func.max(table.c.seq), 0) + 1).scalar_subquery()
        self._db.execute(insert(table).values(seq=next_seq, **row))


class SqlRetailStore:
    """A `RetailStore` over `engine`, whose schema is migrated (`upgrade_database`)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sqlite = engine.dialect.name == "sqlite"

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[SqlRetailSession]:
        with self._connect(write=write) as connection:
            yield SqlRetailSession(connection, lock_rows=write and not self._sqlite)
            connection.commit()

    def replace_all(self, data: StoreData) -> None:
        with self._connect(write=True) as connection:
            for table in (retail_users, retail_orders, retail_products, retail_writes):
                connection.execute(delete(table))
            self._insert(connection, retail_users, [_user_row(u) for u in data["users"].values()])
            self._insert(
                connection, retail_orders, [_order_row(o) for o in data["orders"].values()]
            )
            self._insert(
                connection, retail_products, [_product_row(p) for p in data["products"].values()]
            )
            connection.commit()

    def dump(self) -> StoreData:
        with self._connect(write=False) as connection:
            return {
                "users": dict(self._records(connection, retail_users, "user_id")),
                "orders": dict(self._records(connection, retail_orders, "order_id")),
                "products": dict(self._records(connection, retail_products, "product_id")),
            }

    def is_empty(self) -> bool:
        with self._connect(write=False) as connection:
            return all(
                connection.execute(select(table.c.seq).limit(1)).first() is None
                for table in (retail_users, retail_orders, retail_products)
            )

    @contextmanager
    def _connect(self, *, write: bool) -> Iterator[Connection]:
        """A connection inside a transaction; rolled back unless the caller commits."""
        with self._engine.connect() as connection:
            if self._sqlite:
                # The sqlite3 driver would start its transaction only at the first write,
                # leaving earlier reads outside it; begin explicitly instead.
                connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
            elif not write:
                # One snapshot for every read of the transaction (dump reads three tables).
                connection.execution_options(isolation_level="REPEATABLE READ")
            try:
                yield connection
            finally:
                connection.rollback()

    @staticmethod
    def _insert(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
        if rows:
            connection.execute(insert(table), [{**row, "seq": n} for n, row in enumerate(rows)])

    @staticmethod
    def _records(connection: Connection, table: Table, key: str) -> Iterator[tuple[str, Any]]:
        query = select(table.c[key], table.c.data).order_by(table.c.seq)
        for row_key, text in connection.execute(query):
            yield row_key, orjson.loads(text)
