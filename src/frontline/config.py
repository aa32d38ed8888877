"""The one validated Settings object.

Built once in the composition root (``frontline.bootstrap``) and passed in; nothing else in
Frontline reads the environment. Every field can be set as ``FRONTLINE_<FIELD>`` or in a
``.env`` file.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "change-me-in-production"  # noqa: S105 - the known-unsafe value we refuse in production


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
    # A model directory from `frontline nlu train`; None: train the packaged retail examples.
    nlu_model_dir: Path | None = None
    # The sentence encoder made by `frontline nlu build-encoder`.
    encoder_dir: Path = Path.home() / ".cache" / "frontline" / "encoders" / "minilm-l6-int8"

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Settings:
        if self.environment is Environment.production:
            if self.secret_key.get_secret_value() == DEFAULT_SECRET:
                raise ValueError(
                    "FRONTLINE_SECRET_KEY must be set to a non-default value in production"
                )
            if self.database_url.startswith("sqlite") and ":memory:" in self.database_url:
                raise ValueError("an in-memory database cannot be used in production")
        return self

    @property
    def secure_cookies(self) -> bool:
        if self.session_cookie_secure is not None:
            return self.session_cookie_secure
        return self.environment is Environment.production

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
