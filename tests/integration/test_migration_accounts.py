"""Migration 0003 (accounts, macros, inbox indexes) goes down and up again cleanly."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import inspect

from frontline.storage.database import alembic_config, make_engine, upgrade_database


def test_that_an_operator_can_roll_back_and_reapply_the_accounts_migration(
    tmp_path: Path,
) -> None:
    # given a database at head
    engine = make_engine(f"sqlite:///{tmp_path / 'm.db'}")
    upgrade_database(engine)

    # when 0003 is rolled back, then applied again
    command.downgrade(alembic_config(engine), "0002_retail_backoffice")
    after_down = set(inspect(engine).get_table_names())
    upgrade_database(engine)
    inspector = inspect(engine)

    # then its tables went away and came back with the inbox indexes
    assert {"staff_users", "staff_queues", "macros"}.isdisjoint(after_down)
    assert {"staff_users", "staff_queues", "macros"} <= set(inspector.get_table_names())
    indexes = {i["name"] for i in inspector.get_indexes("conversations")}
    assert {"ix_conversations_queue_status_assignee", "ix_conversations_customer_id_id"} <= indexes
    engine.dispose()
