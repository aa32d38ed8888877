"""The SQL adapter of the ``Store`` port: one connection and transaction per unit of work."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from sqlalchemy import Connection, Engine

from frontline.services.access_ports import AccessRepository
from frontline.services.email_ports import EmailRepository
from frontline.services.followup_ports import FollowupRepository
from frontline.services.kpi_ports import KpiRepository, SurveyRepository
from frontline.services.ports import (
    ActionLog,
    AgentStateRepository,
    ConversationRepository,
    CustomerRepository,
    EventLog,
    InboxRepository,
    MacroRepository,
    MessageRepository,
    NoteRepository,
    StaffRepository,
    TokenRepository,
)
from frontline.services.privacy_ports import AuditLog, PrivacyRepository
from frontline.services.reason_ports import ReasonRepository
from frontline.services.routing_ports import RoutingRepository, SlaInboxRepository
from frontline.services.sla_ports import SlaRepository
from frontline.storage.sql_access import SqlAccessRepository
from frontline.storage.sql_agent_states import SqlAgentStateRepository
from frontline.storage.sql_audit import SqlAuditLog
from frontline.storage.sql_conversations import (
    SqlConversationRepository,
    SqlMessageRepository,
    SqlNoteRepository,
)
from frontline.storage.sql_customers import SqlCustomerRepository
from frontline.storage.sql_emails import SqlEmailRepository
from frontline.storage.sql_followups import SqlFollowupRepository
from frontline.storage.sql_inbox import SqlInboxRepository
from frontline.storage.sql_kpis import SqlKpiRepository, SqlSurveyRepository
from frontline.storage.sql_logs import SqlActionLog, SqlEventLog, SqlTokenRepository
from frontline.storage.sql_privacy import SqlPrivacyRepository
from frontline.storage.sql_reasons import SqlReasonRepository
from frontline.storage.sql_routing import SqlRoutingRepository
from frontline.storage.sql_sla import SqlSlaRepository
from frontline.storage.sql_sla_inbox import SqlSlaInboxRepository
from frontline.storage.sql_staff import SqlMacroRepository, SqlStaffRepository


class SqlUnitOfWork:
    def __init__(self, connection: Connection) -> None:
        self.customers: CustomerRepository = SqlCustomerRepository(connection)
        self.conversations: ConversationRepository = SqlConversationRepository(connection)
        self.messages: MessageRepository = SqlMessageRepository(connection)
        self.notes: NoteRepository = SqlNoteRepository(connection)
        self.events: EventLog = SqlEventLog(connection)
        self.actions: ActionLog = SqlActionLog(connection)
        self.agent_states: AgentStateRepository = SqlAgentStateRepository(connection)
        self.tokens: TokenRepository = SqlTokenRepository(connection)
        self.staff: StaffRepository = SqlStaffRepository(connection)
        self.macros: MacroRepository = SqlMacroRepository(connection)
        self.inbox: InboxRepository = SqlInboxRepository(connection)
        self.emails: EmailRepository = SqlEmailRepository(connection)
        self.sla: SlaRepository = SqlSlaRepository(connection)
        self.kpis: KpiRepository = SqlKpiRepository(connection)
        self.surveys: SurveyRepository = SqlSurveyRepository(connection)
        self.audit: AuditLog = SqlAuditLog(connection)
        self.privacy: PrivacyRepository = SqlPrivacyRepository(connection)
        self.access: AccessRepository = SqlAccessRepository(connection)
        self.routing: RoutingRepository = SqlRoutingRepository(connection)
        self.followups: FollowupRepository = SqlFollowupRepository(connection)
        self.sla_inbox: SlaInboxRepository = SqlSlaInboxRepository(connection)
        self.reasons: ReasonRepository = SqlReasonRepository(connection)


class SqlStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        # SQLite has one writer at a time. Threads of one process that contend for it wait in
        # SQLite's busy handler, which sleeps in growing steps (tail latencies of hundreds of
        # milliseconds); taking turns on a lock instead keeps every wait as short as the work.
        self._turn = threading.RLock() if engine.dialect.name == "sqlite" else nullcontext()

    @contextmanager
    def transaction(self) -> Iterator[SqlUnitOfWork]:
        with self._turn, self.engine.begin() as connection:
            yield SqlUnitOfWork(connection)
