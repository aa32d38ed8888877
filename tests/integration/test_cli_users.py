"""``frontline users create`` (the Typer app in ``frontline.cli.users``) on a real database."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontline.bootstrap import build
from frontline.cli.users import app
from frontline.config import Settings
from frontline.services.accounts import authenticate_staff
from frontline.storage.database import upgrade_database


@pytest.fixture
def cli_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    upgrade_database(build(settings).engine)
    return settings


def test_that_an_admin_can_create_a_user_who_can_then_log_in(cli_settings: Settings) -> None:
    # when a supervisor is created from the command line, the password typed at the prompt
    result = CliRunner().invoke(
        app,
        ["create", "sam", "--role", "supervisor", "--name", "Sam Lee", "--queue", "billing"],
        input="a long password\na long password\n",
    )

    # then the account exists and logs in with that password
    assert result.exit_code == 0, result.output
    assert "created supervisor sam" in result.output
    user = authenticate_staff(build(cli_settings).store, "sam", "a long password")
    assert (user.name, user.queues) == ("Sam Lee", ("billing",))


def test_that_an_admin_cannot_create_a_user_with_a_short_password(cli_settings: Settings) -> None:
    result = CliRunner().invoke(app, ["create", "sam", "--password", "short"])
    assert result.exit_code == 1
    assert "a password has 10 to 256 characters" in result.output
