"""The composition root: the only place that picks adapters, from one Settings object."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import cached_property
from typing import TYPE_CHECKING

import dramatiq
from sqlalchemy import Engine

from frontline.backoffice.port import BackOffice
from frontline.backoffice.retail.operations import RetailBackOffice
from frontline.backoffice.retail.sql import SqlRetailStore
from frontline.backoffice.retail.store import RetailStore
from frontline.channels.email.mime import AttachmentLimits
from frontline.channels.email.relay import SmtpRelay
from frontline.config import Settings, host_port
from frontline.log_redaction import install_log_redaction
from frontline.services.counters import Counters
from frontline.services.customer_limits import CustomerLimits
from frontline.services.email_policy import EmailPolicy
from frontline.services.jobs import JobQueue
from frontline.services.login_attempts import LoginThrottle
from frontline.services.messages import MessageLimits
from frontline.services.ports import Store
from frontline.storage.database import make_engine
from frontline.storage.memory_counters import InMemoryCounters
from frontline.storage.sql_store import SqlStore
from frontline.worker.queue import DramatiqJobQueue, make_broker

if TYPE_CHECKING:
    from frontline.agent.engine.turn import Agent
    from frontline.services.identity_codes import IdentityCodeDesk
    from frontline.services.knowledge import KnowledgeBase


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
    email: EmailPolicy
    broker: dramatiq.Broker
    jobs: JobQueue

    @cached_property
    def relay(self) -> SmtpRelay | None:
        """The outbound SMTP relay, or None when FRONTLINE_SMTP_RELAY is not set."""
        settings = self.settings
        if settings.smtp_relay is None:
            return None
        host, port = host_port(settings.smtp_relay)
        password = settings.smtp_relay_password
        return SmtpRelay(
            host,
            port,
            username=settings.smtp_relay_username,
            password=password.get_secret_value() if password else None,
            starttls=settings.smtp_relay_starttls,
        )

    @cached_property
    def knowledge(self) -> KnowledgeBase:
        """The knowledge base's articles and search index, built on first use."""
        from frontline.services.knowledge import KnowledgeBase, load_vectors
        from frontline.storage.sql_articles import SqlArticleStore

        return KnowledgeBase(SqlArticleStore(self.engine), load_vectors(self.settings.encoder_dir))

    @cached_property
    def agent(self) -> Agent | None:
        """The AI agent, or None when it is switched off (every conversation waits for a human)."""
        if not self.settings.agent_enabled:
            return None
        # Imported here: the model libraries load only in processes that answer customers.
        from frontline.agent.engine.policy import AssuranceRequirements
        from frontline.agent.engine.turn import Agent
        from frontline.agent.reading.brain import load_understander
        from frontline.agent.retail.pack import RETAIL

        understander = load_understander(
            self.settings.nlu_model_dir,
            self.settings.encoder_dir,
            examples=RETAIL.intent_examples,
            contexts=RETAIL.intent_contexts,
        )
        assurance = AssuranceRequirements(
            reads=self.settings.identity_assurance_reads,
            writes=self.settings.assurance_for_writes,
        )
        return Agent(
            understander,
            self.backoffice,
            pack=RETAIL,  # the business the agent serves
            articles=self.knowledge,
            assurance=assurance,
            codes=self.identity_codes,
        )

    @cached_property
    def counters(self) -> Counters:
        """Rate-limit and login counters: on Redis when the deployment has it, else in memory."""
        if self.settings.redis_url:
            from frontline.storage.redis_counters import RedisCounters

            return RedisCounters(self.settings.redis_url)
        return InMemoryCounters()

    @cached_property
    def customer_limits(self) -> CustomerLimits:
        """The per-customer message limit, counted across the customer's conversations."""
        return CustomerLimits(self.counters, self.settings.rate_limits[2])

    @cached_property
    def login_throttle(self) -> LoginThrottle:
        settings = self.settings
        return LoginThrottle(
            self.counters, settings.login_max_failures, settings.login_lockout_seconds
        )

    @cached_property
    def identity_codes(self) -> IdentityCodeDesk:
        """One-time identity codes, emailed through the outbox and the worker."""
        from frontline.services.identity_codes import CodePolicy, IdentityCodeDesk

        settings = self.settings
        policy = CodePolicy(
            secret=settings.secret_key.get_secret_value(),
            ttl=timedelta(seconds=settings.identity_code_ttl_seconds),
            max_attempts=settings.identity_code_max_attempts,
            sender=settings.support_address.strip().lower(),
            sender_name=settings.support_name,
            relay_configured=settings.smtp_relay is not None,
            per_hour=settings.identity_codes_per_hour,
        )
        return IdentityCodeDesk(self.store, self.backoffice, self.jobs, self.counters, policy)


def build(settings: Settings, engine: Engine | None = None) -> Frontline:
    """Wire Frontline from ``settings``; tests hand in an ``engine`` they manage themselves."""
    install_log_redaction()
    engine = engine or make_engine(settings.database_url)
    retail_store = SqlRetailStore(engine)
    backoffice = RetailBackOffice(retail_store)
    broker = make_broker(settings)
    return Frontline(
        settings=settings,
        engine=engine,
        store=SqlStore(engine),
        backoffice=backoffice,
        retail_store=retail_store,
        limits=MessageLimits(max_chars=settings.max_message_chars),
        email=email_policy(settings),
        broker=broker,
        jobs=DramatiqJobQueue(broker),
    )


def email_policy(settings: Settings) -> EmailPolicy:
    support = settings.support_address.strip().lower()
    return EmailPolicy(
        support_address=support,
        support_name=settings.support_name,
        secret=settings.secret_key.get_secret_value(),
        max_bytes=settings.email_max_bytes,
        attachments=AttachmentLimits(
            max_bytes=settings.email_attachment_max_bytes,
            allowed_types=tuple(t.strip().lower() for t in settings.email_attachment_types),
        ),
        hourly_limit=settings.email_sender_hourly_limit,
        case_rule=settings.email_case_rule,
        case_window=timedelta(hours=settings.email_case_window_hours),
        staff_domains=frozenset(
            {support.rpartition("@")[2], *(d.strip().lower() for d in settings.email_staff_domains)}
        ),
        lease=timedelta(seconds=settings.email_lease_seconds),
        send_attempts=settings.email_send_attempts,
        relay_configured=settings.smtp_relay is not None,
    )
