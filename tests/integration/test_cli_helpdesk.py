"""``frontline calendars``, ``sla`` and ``queues`` on a real SQLite database, and the schema
check every command makes first."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontline.cli.main import app


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    return url


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.output


def test_that_a_fresh_database_is_migrated_before_any_command(cli_env: str) -> None:
    # given a database nobody upgraded, when the back office is reset
    output = run("backoffice", "reset")

    # then the schema was brought up to date first, and the command did its work
    assert "database schema brought up to date" in output
    assert "back office reset:" in output


def test_that_an_operator_sets_up_calendars_policies_and_queues(cli_env: str) -> None:
    run("users", "create", "ana", "--password", "correct horse battery")
    created = run(
        "calendars",
        "create",
        "Paris office",
        "--timezone",
        "Europe/Paris",
        "--hours",
        "mon-fri=09:00-12:00,13:00-17:00",
        "--holiday",
        "2026-12-25",
    )
    assert "created calendar Paris office" in created
    assert "mon 09:00-12:00,13:00-17:00" in run("calendars", "list")

    policy = run(
        "sla",
        "create",
        "Chat",
        "--target",
        "first_reply=30",
        "--target",
        "urgent:first_reply=5",
        "--calendar",
        "Paris office",
        "--channel",
        "chat",
        "--escalate",
        "raise_priority",
    )
    assert "created SLA policy Chat" in policy
    listed = run("sla", "list")
    assert "urgent:first_reply=5" in listed
    assert "low:first_reply=30" in listed

    queue = run("queues", "create", "Billing", "--strategy", "round_robin", "--member", "ana")
    assert "created queue billing (round_robin)" in queue
    assert "billing  round_robin  waiting 0  members: ana" in run("queues", "list")


def test_that_bad_setup_input_is_one_clear_line(cli_env: str) -> None:
    bad_target = run("sla", "create", "X", "--target", "first_reply=soon", code=1)
    bad_hours = run("calendars", "create", "X", "--hours", "someday=09:00-17:00", code=1)
    no_user = run("queues", "create", "Support", "--member", "nobody", code=1)
    assert "error: a target looks like" in bad_target
    assert "error: days are" in bad_hours
    assert "error: no active staff member" in no_user
    assert "support" not in run("queues", "list")  # nothing half-made
