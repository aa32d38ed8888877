"""The ``frontline`` command line on a real SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from frontline.bootstrap import build
from frontline.cli.main import app
from frontline.config import Settings
from frontline.services.tokens import access_token
from frontline.storage.tables import conversations


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    return url


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_that_an_admin_can_create_a_token_that_the_api_accepts(cli_env: str) -> None:
    # given a migrated database
    run("db", "upgrade")

    # when an admin token is created
    output = run("tokens", "create", "--name", "harness", "--admin")

    # then the last word is a secret the store accepts as an admin token
    secret = output.split()[-1]
    store = build(Settings(database_url=cli_env)).store
    assert access_token(store, secret, admin=True).name == "harness"


def test_that_demo_loads_once_and_a_second_run_keeps_everything(cli_env: str) -> None:
    # given a migrated database
    run("db", "upgrade")

    # when the demo is loaded twice
    first = run("demo")
    second = run("demo")

    # then the store and conversations exist once
    assert "3 created" in first
    assert "0 created, 3 kept" in second
    frontline = build(Settings(database_url=cli_env))
    with frontline.engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(conversations)).scalar() == 3
    assert not frontline.retail_store.is_empty()


def test_that_backoffice_reset_loads_a_tau2_store_file(cli_env: str, datasets_dir: Path) -> None:
    # given a migrated database
    run("db", "upgrade")

    # when the τ² retail store file is loaded
    output = run("backoffice", "reset", "--from", str(datasets_dir / "tau2_bench/retail/db.json"))

    # then its users and orders are in the back office
    assert "500 users, 1000 orders, 50 products" in output
    backoffice = build(Settings(database_url=cli_env)).backoffice
    assert backoffice.call("find_user_id_by_email", {"email": "mia.garcia2723@example.com"}) == (
        "mia_garcia_4516"
    )


def test_that_the_report_command_prints_kpis_as_tables_and_csv(cli_env: str) -> None:
    # given the demo data
    run("db", "upgrade")
    run("demo")

    # when the KPI report is printed per channel, as a table and as CSV
    table = run("report", "--group-by", "channel")
    as_csv = run("report", "--group-by", "channel", "--csv")

    # then both name the KPIs and the CSV counts the demo conversations
    assert "first_reply_seconds_mean" in table
    header, *rows = as_csv.strip().splitlines()
    assert header.startswith("channel,conversations,")
    assert sum(int(row.split(",")[1]) for row in rows) > 0


def test_that_the_report_reasons_command_prints_reasons_with_examples(cli_env: str) -> None:
    # given the demo data, whose conversations carry tags
    run("db", "upgrade")
    run("demo")

    # when the contact reasons are printed
    output = run("report", "reasons")

    # then the table counts the tagged reasons and the examples follow
    assert "Contact reasons" in output
    assert "tag:returns" in output
