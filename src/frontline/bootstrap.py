"""The composition root: the only place that picks adapters, from one Settings object."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from frontline.backoffice.port import BackOffice
from frontline.backoffice.retail.operations import RetailBackOffice
from frontline.backoffice.retail.sql import SqlRetailStore
from frontline.backoffice.retail.store import RetailStore
from frontline.config import Settings
from frontline.services.messages import MessageLimits
from frontline.services.ports import Store
from frontline.storage.database import make_engine
from frontline.storage.sql_store import SqlStore


@dataclass(frozen=True, slots=True)
class Frontline:
    """Everything a transport needs, built once per process."""

    settings: Settings
    engine: Engine
    store: Store
    backoffice: BackOffice
    retail_store: RetailStore
    limits: MessageLimits


def build(settings: Settings, engine: Engine | None = None) -> Frontline:
    """Wire Frontline from ``settings``; tests hand in an ``engine`` they manage themselves."""
    engine = engine or make_engine(settings.database_url)
    retail_store = SqlRetailStore(engine)
    return Frontline(
        settings=settings,
        engine=engine,
        store=SqlStore(engine),
        backoffice=RetailBackOffice(retail_store),
        retail_store=retail_store,
        limits=MessageLimits(max_chars=settings.max_message_chars),
    )
