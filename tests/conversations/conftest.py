"""Scenario fixtures: the agent over an in-memory copy of a back office, conversations in SQLite.

Each scenario gets a fresh back office (the τ² retail store or the generated demo store) and
talks to the agent through the message services, exactly as a channel does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from frontline.agent.reading.brain import load_understander
from frontline.agent.reading.understander import Understander
from frontline.agent.retail.pack import RETAIL
from frontline.backoffice.retail.generator import generate_store
from frontline.backoffice.retail.loader import load_store_file
from frontline.backoffice.retail.records import StoreData, check_store_data
from frontline.storage.database import make_engine, upgrade_database
from frontline.storage.tables import metadata


@pytest.fixture(scope="session")
def understander(encoder_dir: Path) -> Understander:
    return load_understander(
        None, encoder_dir, examples=RETAIL.intent_examples, contexts=RETAIL.intent_contexts
    )


@pytest.fixture(scope="session")
def tau2_store(datasets_dir: Path) -> StoreData:
    return load_store_file(datasets_dir / "tau2_bench" / "retail" / "db.json")


@pytest.fixture(scope="session")
def demo_store() -> StoreData:
    return check_store_data(generate_store())


@pytest.fixture(scope="session")
def scenario_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('scenarios') / 'frontline.db'}")
    upgrade_database(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def conversation_engine(scenario_engine: Engine) -> Iterator[Engine]:
    yield scenario_engine
    with scenario_engine.begin() as connection:
        for table in reversed(metadata.sorted_tables):
            connection.execute(table.delete())
