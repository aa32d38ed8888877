"""Fixtures shared by the whole suite.

Every test that touches storage runs once on SQLite and once on PostgreSQL when one is
reachable (``FRONTLINE_TEST_POSTGRES_URL``, default the local ``test`` database). With
``FRONTLINE_REQUIRE_POSTGRES=1`` (as in CI) an unreachable PostgreSQL fails the run instead
of skipping it; likewise ``FRONTLINE_REQUIRE_DATASETS=1`` for the shared datasets
(``../shared/datasets``) that the conversation, gold and invariance tests read.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from frontline.bootstrap import Frontline, build
from frontline.config import Environment, Settings
from frontline.storage.database import make_engine, upgrade_database
from frontline.storage.tables import metadata

REPO_ROOT = Path(__file__).resolve().parent.parent
DATASETS_DIR = REPO_ROOT.parent / "shared" / "datasets"
POSTGRES_URL = os.environ.get(
    "FRONTLINE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def encoder_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sentence encoder: the machine's (``make encoder``), else built for this run."""
    default = Settings(_env_file=None).encoder_dir  # type: ignore[call-arg]  # accepted at run time
    if (default / "model.onnx").exists():
        return default
    from frontline.agent.reading.encoder_build import build_onnx_encoder

    return build_onnx_encoder(tmp_path_factory.mktemp("encoder"))


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    if not DATASETS_DIR.is_dir():
        message = f"the shared datasets are not at {DATASETS_DIR}"
        if os.environ.get("FRONTLINE_REQUIRE_DATASETS") == "1":
            pytest.fail(message)  # CI: a missing dataset fails the run instead of skipping
        pytest.skip(message)
    return DATASETS_DIR


def _postgres_database() -> Iterator[str]:
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"frontline_test_{secrets.token_hex(4)}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        if os.environ.get("FRONTLINE_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"PostgreSQL is required but unreachable at {POSTGRES_URL}: {exc}")
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL}")
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'frontline.db'}"
        return
    yield from _postgres_database()


@pytest.fixture(scope="session")
def migrated_engine(database_url: str) -> Iterator[Engine]:
    engine = make_engine(database_url)
    upgrade_database(engine)
    yield engine
    engine.dispose()


def _empty_all_tables(engine: Engine) -> None:
    tables = list(reversed(metadata.sorted_tables))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture
def engine(migrated_engine: Engine) -> Iterator[Engine]:
    """A migrated database, emptied after each test."""
    yield migrated_engine
    _empty_all_tables(migrated_engine)


@pytest.fixture
def settings(database_url: str, encoder_dir: Path) -> Settings:
    return Settings(
        environment=Environment.test,
        database_url=database_url,
        encoder_dir=encoder_dir,
        # The helpdesk and storage tests check the message path itself; the agent's own tests
        # (tests/api/test_agent.py, tests/conversations) switch it on.
        agent_enabled=False,
        datasets_dir=DATASETS_DIR,
        max_message_chars=2_000,
        max_request_bytes=64_000,
        _env_file=None,  # type: ignore[call-arg]  # pydantic-settings accepts it at run time
    )


@pytest.fixture
def frontline(settings: Settings, engine: Engine) -> Frontline:
    return build(settings, engine)
