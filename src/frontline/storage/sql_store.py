"""The SQL adapter of the ``Store`` port: one connection and transaction per unit of work."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, Engine

from frontline.storage.sql_conversations import (
    SqlConversationRepository,
    SqlMessageRepository,
    SqlNoteRepository,
)
from frontline.storage.sql_customers import SqlCustomerRepository
from frontline.storage.sql_logs import SqlActionLog, SqlEventLog, SqlTokenRepository


class SqlUnitOfWork:
    def __init__(self, connection: Connection) -> None:
        self.customers = SqlCustomerRepository(connection)
        self.conversations = SqlConversationRepository(connection)
        self.messages = SqlMessageRepository(connection)
        self.notes = SqlNoteRepository(connection)
        self.events = SqlEventLog(connection)
        self.actions = SqlActionLog(connection)
        self.tokens = SqlTokenRepository(connection)


class SqlStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def transaction(self) -> Iterator[SqlUnitOfWork]:
        with self.engine.begin() as connection:
            yield SqlUnitOfWork(connection)
