"""Fixtures of the email tests: a local SMTP sink standing in for the relay and Frontline wired
for email (support@shop.example)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiosmtpd.controller import Controller
from mail_helpers import SUPPORT, Channel, Sink, free_port, running_channel
from sqlalchemy import Engine

from frontline.bootstrap import Frontline, build
from frontline.config import Settings


@pytest.fixture
def sink() -> Iterator[tuple[Sink, int]]:
    handler, port = Sink(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    yield handler, port
    controller.stop()


@pytest.fixture
def email_settings(settings: Settings, sink: tuple[Sink, int]) -> Settings:
    return settings.model_copy(
        update={
            "support_address": SUPPORT,
            "smtp_relay": f"127.0.0.1:{sink[1]}",
            "email_lease_seconds": 30.0,
            "job_min_backoff_seconds": 0.05,
            "job_max_backoff_seconds": 0.2,
            "worker_sweep_seconds": 0.5,
            "max_message_chars": 20_000,
        }
    )


@pytest.fixture
def email_frontline(email_settings: Settings, engine: Engine) -> Frontline:
    return build(email_settings, engine)


@pytest.fixture
def channel(email_frontline: Frontline, sink: tuple[Sink, int]) -> Iterator[Channel]:
    yield from running_channel(email_frontline, sink[0])
