"""The one validated Settings object.

Built once in the composition root (``frontline.bootstrap``) and passed in; nothing else in
Frontline reads the environment. Every field can be set as ``FRONTLINE_<FIELD>`` or in a
``.env`` file.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from frontline.domain.assurance import Assurance
from frontline.domain.emails import CaseRule
from frontline.domain.retention import RetentionRule
from frontline.domain.staff import Role

DEFAULT_SECRET = "change-me-in-production"  # noqa: S105 - the known-unsafe value we refuse in production
DEFAULT_ATTACHMENT_TYPES = [
    "image/",
    "text/",
    "application/pdf",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.",
    "application/vnd.oasis.opendocument.",
    "application/zip",
    "message/",
]


class Environment(StrEnum):
    development = "development"  # local use; unsafe defaults allowed
    test = "test"  # the test suite
    production = "production"  # refuses default secrets and SQLite-in-memory


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="FRONTLINE_", env_file=".env", extra="ignore")

    environment: Environment = Environment.development
    database_url: str = "sqlite:///./var/frontline.db"
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    # Server processes `serve` runs on the one port (uvicorn workers). More than one needs
    # what the processes must share: PostgreSQL, Redis, and the jobs on Redis (see below).
    server_processes: int = Field(default=1, ge=1, le=64)
    datasets_dir: Path = Path("../shared/datasets")
    secret_key: SecretStr = SecretStr(DEFAULT_SECRET)
    max_message_chars: int = Field(default=20_000, ge=1)
    max_request_bytes: int = Field(default=1_000_000, ge=1024)
    demo_seed: int = 7
    # The agent workspace: a signed session cookie that expires after this many idle seconds.
    session_lifetime_seconds: int = Field(default=8 * 3600, ge=60)
    # None: Secure cookies in production only (local http would never send them back).
    session_cookie_secure: bool | None = None
    # None: live updates stay in this process; set to redis://... when running several.
    redis_url: str | None = None
    # The AI agent answers customer messages; off, every conversation waits for a human.
    agent_enabled: bool = True
    # Service analytics: the address customers reach us at (survey links in emails), and the
    # CSAT score at or below which an answer reopens the conversation (0: never).
    public_url: str = "http://127.0.0.1:8000"
    csat_reopen_at_or_below: int = Field(default=0, ge=0, le=5)
    # Helpdesk: a refund above this (cancellation or return) from the workspace needs a supervisor.
    staff_refund_limit: float = Field(default=500.0, ge=0)
    # A pending conversation (waiting on the customer) with no reply for this many days is
    # resolved with the notice below; 0 never resolves them.
    pending_resolve_days: float = Field(default=7.0, ge=0)
    pending_resolve_notice: str = (
        "We haven't heard back from you, so we've marked this as resolved. "
        "Just reply if you still need help."
    )
    # A model directory from `frontline nlu train`; None: train the packaged retail examples.
    nlu_model_dir: Path | None = None
    # The sentence encoder made by `frontline nlu build-encoder`.
    encoder_dir: Path = Path.home() / ".cache" / "frontline" / "encoders" / "minilm-l6-int8"

    # Email. Inbound: an SMTP server on host:port (run by `serve`) and/or an IMAP mailbox polled.
    smtp_listen: str | None = None
    imap_url: SecretStr | None = None  # imaps://user:password@host[:port]/MAILBOX
    imap_poll_seconds: float = Field(default=30.0, gt=0)
    # Outbound: the relay (host:port) our replies go through, from the support address.
    smtp_relay: str | None = None
    smtp_relay_username: str | None = None
    smtp_relay_password: SecretStr | None = None
    smtp_relay_starttls: bool = False
    support_address: str = "support@frontline.localhost"
    support_name: str = "Customer support"
    email_max_bytes: int = Field(default=50 * 1024 * 1024, ge=1024)
    email_attachment_max_bytes: int = Field(default=10 * 1024 * 1024, ge=0)
    email_attachment_types: list[str] = Field(
        default_factory=lambda: list(DEFAULT_ATTACHMENT_TYPES)
    )
    # Customer emails per sender and hour the AI answers; more are stored and left to staff.
    email_sender_hourly_limit: int = Field(default=20, ge=1)
    email_case_rule: CaseRule = CaseRule.subject
    email_case_window_hours: float = Field(default=72.0, ge=0)
    # Mail forwarded from these domains (and the support address's) is the original sender's.
    email_staff_domains: list[str] = Field(default_factory=list)
    email_lease_seconds: float = Field(default=300.0, gt=0)
    email_send_attempts: int = Field(default=8, ge=1)

    # Background jobs: "memory" runs them in the serving process, "redis" on FRONTLINE_REDIS_URL
    # for `frontline worker` processes; unset: redis when FRONTLINE_REDIS_URL is set.
    jobs_backend: Literal["memory", "redis"] | None = None
    worker_threads: int = Field(default=2, ge=1)
    worker_sweep_seconds: float = Field(default=2.0, gt=0)
    # An agent turn owed this long was interrupted (a crash): the sweep runs it again.
    turn_recovery_seconds: float = Field(default=30.0, gt=0)
    job_min_backoff_seconds: float = Field(default=2.0, ge=0)
    job_max_backoff_seconds: float = Field(default=600.0, ge=0)
    job_time_limit_seconds: int = Field(default=600, ge=1)

    # Privacy. Retention: JSON rules such as [{"channel": "chat", "status": "resolved",
    # "days": 90}] (no channel: every channel); due conversations have their text erased by the
    # worker, checked every retention_sweep_seconds. The workspace shows the raw text of
    # messages to these roles and the redacted copy to the others.
    retention_rules: list[RetentionRule] = Field(default_factory=list)
    retention_sweep_seconds: float = Field(default=3600.0, gt=0)
    raw_text_roles: list[Role] = Field(
        default_factory=lambda: [Role.admin, Role.supervisor, Role.agent]
    )
    # Identity assurance (docs/security.md): the level account writes need (None: one_time_code
    # in production, knowledge elsewhere) and the level account reads need.
    identity_assurance: Assurance | None = None
    identity_assurance_reads: Assurance = Assurance.knowledge
    # The secret host sites sign customers' identities with (HMAC-SHA256, or a JWT with HS256);
    # None: signing is off. A JWT's aud and iss must be these when they are set.
    identity_signing_secret: SecretStr | None = None
    identity_token_audience: str | None = None
    identity_token_issuer: str | None = None
    identity_code_ttl_seconds: int = Field(default=600, ge=30)
    identity_code_max_attempts: int = Field(default=5, ge=1)
    # Codes emailed to one account an hour, however many conversations ask (0: no limit).
    identity_codes_per_hour: int = Field(default=5, ge=0)

    # Abuse limits on the public conversation endpoints, in requests per minute per client IP,
    # per bearer token and per conversation, the last also per customer over all their
    # conversations (0: no limit; None: the production defaults 300/120/60 in production,
    # off elsewhere). Behind a reverse proxy, trust its
    # X-Forwarded-For so the client's address is counted, not the proxy's.
    rate_limit_per_ip: int | None = Field(default=None, ge=0)
    rate_limit_per_token: int | None = Field(default=None, ge=0)
    rate_limit_per_customer: int | None = Field(default=None, ge=0)
    rate_limit_trust_forwarded: bool = False
    # The workspace login locks a username (and throttles an address) for this long after
    # this many failures in a row.
    login_max_failures: int = Field(default=5, ge=1)
    login_lockout_seconds: int = Field(default=900, ge=1)

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment is Environment.production:
            if self.secret_key.get_secret_value() == DEFAULT_SECRET:
                raise ValueError(
                    "FRONTLINE_SECRET_KEY must be set to a non-default value in production"
                )
            if self.database_url.startswith("sqlite") and ":memory:" in self.database_url:
                raise ValueError("an in-memory database cannot be used in production")
        for name in ("smtp_listen", "smtp_relay"):
            value = getattr(self, name)
            if value is not None:
                host_port(value, name)
        if "@" not in self.support_address.strip("@"):
            raise ValueError("FRONTLINE_SUPPORT_ADDRESS must be an email address")
        needs_signing = Assurance.signed in (self.identity_assurance, self.identity_assurance_reads)
        if needs_signing and self.identity_signing_secret is None:
            raise ValueError("signed identity assurance needs FRONTLINE_IDENTITY_SIGNING_SECRET")
        if self.jobs_backend == "redis" and not self.redis_url:
            raise ValueError("FRONTLINE_JOBS_BACKEND=redis needs FRONTLINE_REDIS_URL")
        if self.server_processes > 1:
            self._check_shared_by_processes()
        return self

    def _check_shared_by_processes(self) -> None:
        """Refuse several server processes where each would keep its own copy of shared state."""
        several = f"{self.server_processes} server processes"
        if self.is_sqlite:
            # SQLite's writers take turns on a lock inside one process (storage.sql_store);
            # writers of several processes would wait in SQLite's sleeping busy handler.
            raise ValueError(f"{several} need PostgreSQL (FRONTLINE_DATABASE_URL), not SQLite")
        if not self.redis_url:
            # Rate-limit counters, login lockouts and live updates would each stay per process.
            raise ValueError(f"{several} need FRONTLINE_REDIS_URL")
        if not self.jobs_on_redis:
            # The in-process worker would run once per process, each with its own queue.
            raise ValueError(
                f"{several} need the jobs on Redis (FRONTLINE_JOBS_BACKEND unset or redis) "
                "and `frontline worker` to run them"
            )

    @property
    def assurance_for_writes(self) -> Assurance:
        if self.identity_assurance is not None:
            return self.identity_assurance
        if self.environment is Environment.production:
            return Assurance.one_time_code
        return Assurance.knowledge

    @property
    def rate_limits(self) -> tuple[int, int, int]:
        """Requests per minute per IP, per token and per conversation (0: unlimited)."""
        defaults = (300, 120, 60) if self.environment is Environment.production else (0, 0, 0)
        given = (self.rate_limit_per_ip, self.rate_limit_per_token, self.rate_limit_per_customer)
        ip, token, customer = (d if g is None else g for g, d in zip(given, defaults, strict=True))
        return ip, token, customer

    @property
    def jobs_on_redis(self) -> bool:
        if self.jobs_backend is not None:
            return self.jobs_backend == "redis"
        return self.redis_url is not None

    @property
    def secure_cookies(self) -> bool:
        if self.session_cookie_secure is not None:
            return self.session_cookie_secure
        return self.environment is Environment.production

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def host_port(value: str, name: str = "address") -> tuple[str, int]:
    """``host:port`` (``[::1]:25`` for IPv6) as a pair; ValueError when it is not one."""
    host, sep, port = value.strip().rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"{name} must be host:port, not {value!r}")
    return host.strip("[]"), int(port)
