"""The composition root: the only place that picks adapters, from one Settings object."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from frontline.agent.engine import Agent


@dataclass(frozen=True)
class Frontline:
    """Everything a transport needs, built once per process.

    The AI agent is built on first use: its understanding model takes about a second to
    load, which commands that never answer customers should not pay.
    """

    settings: Settings
    engine: Engine
    store: Store
    backoffice: BackOffice
    retail_store: RetailStore
    limits: MessageLimits

    @cached_property
    def agent(self) -> Agent | None:
        """The AI agent, or None when it is switched off (every conversation waits for a human)."""
        if not self.settings.agent_enabled:
            return None
        # Imported here: the model libraries load only in processes that answer customers.
        from frontline.agent.brain import load_understander
        from frontline.agent.engine import Agent

        understander = load_understander(self.settings.nlu_model_dir, self.settings.encoder_dir)
        return Agent(understander, self.backoffice)


def build(settings: Settings, engine: Engine | None = None) -> Frontline:
    """Wire Frontline from ``settings``; tests hand in an ``engine`` they manage themselves."""
    engine = engine or make_engine(settings.database_url)
    retail_store = SqlRetailStore(engine)
    backoffice = RetailBackOffice(retail_store)
    return Frontline(
        settings=settings,
        engine=engine,
        store=SqlStore(engine),
        backoffice=backoffice,
        retail_store=retail_store,
        limits=MessageLimits(max_chars=settings.max_message_chars),
    )
