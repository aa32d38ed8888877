"""``frontline customers export/erase`` and ``frontline audit verify/export`` on SQLite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text
from typer.testing import CliRunner

from frontline.bootstrap import build
from frontline.cli.main import app
from frontline.config import Settings
from frontline.domain.conversations import Channel
from frontline.services.customers import CustomerDetails
from frontline.services.messages import MessageLimits, start_conversation


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", url)
    monkeypatch.setenv("FRONTLINE_AGENT_ENABLED", "false")
    monkeypatch.chdir(tmp_path)
    return url


def run(*args: str, exit_code: int = 0) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == exit_code, result.output
    return result.output


def test_that_an_operator_can_export_erase_and_verify_from_the_command_line(cli_env: str) -> None:
    # given a customer who wrote in
    run("db", "upgrade")
    store = build(Settings(database_url=cli_env)).store
    outcome = start_conversation(
        store,
        Channel.chat,
        "My name is Lena Fischer, phone 030 12345678",
        CustomerDetails(email="lena.fischer@web.de", name="Lena Fischer"),
        MessageLimits(max_chars=2000),
    )
    customer_id = outcome.conversation.customer_id
    assert customer_id is not None

    # when their data is exported, then it is JSON with their messages
    record = json.loads(run("customers", "export", customer_id))
    assert record["identities"] == [{"kind": "email", "value": "lena.fischer@web.de"}]
    assert "030 12345678" in record["conversations"][0]["messages"][0]["text"]

    # when they are erased without --yes and the operator declines, nothing changes
    CliRunner().invoke(app, ["customers", "erase", customer_id], input="n\n")
    assert "Lena" in run("customers", "export", customer_id)

    # when they are erased with --yes, then the export no longer names them
    assert "erased customer" in run("customers", "erase", customer_id, "--yes")
    assert "Lena" not in run("customers", "export", customer_id)
    run("customers", "erase", "cus_nobody", "--yes", exit_code=1)

    # and the audit log holds each step, intact
    lines = [json.loads(line) for line in run("audit", "export").splitlines()]
    assert [e["action"] for e in lines] == [
        "customer.export",
        "customer.export",
        "customer.erase",
        "customer.export",
    ]
    assert "intact: 4 entries" in run("audit", "verify")


def test_that_audit_verify_fails_on_a_tampered_entry(cli_env: str) -> None:
    # given a log with a token's creation and an export
    run("db", "upgrade")
    run("tokens", "create", "--name", "harness")
    run("tokens", "create", "--name", "other", "--admin")
    frontline = build(Settings(database_url=cli_env))

    # when someone turns the admin token's entry into a non-admin one
    with frontline.engine.begin() as connection:
        connection.execute(
            text("UPDATE audit_log SET details = :d WHERE seq = 2"), {"d": '{"admin":false}'}
        )

    # then verify exits 1 naming that entry
    assert "TAMPERED at entry 2" in run("audit", "verify", exit_code=1)
