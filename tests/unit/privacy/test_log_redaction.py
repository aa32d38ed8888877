"""Log records of Frontline's loggers carry no personal data."""

from __future__ import annotations

import logging

import pytest

from frontline.log_redaction import install_log_redaction


def test_that_log_lines_of_frontline_loggers_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    # given redaction installed
    install_log_redaction()
    log = logging.getLogger("frontline.services.example")

    # when a message and an exception quote a customer's email and card
    with caplog.at_level(logging.WARNING):
        log.warning("could not parse %r", "mail anna@example.com, card 4111 1111 1111 1111")
        try:
            raise ValueError("bad phone +44 7700 900123")
        except ValueError:
            log.exception("failed")
        logging.getLogger("elsewhere").warning("anna@example.com")

    # then Frontline's lines show the kinds only; other libraries' lines are theirs
    text = caplog.text
    assert "could not parse 'mail [email], card [card]'" in text
    assert "bad phone [phone]" in text
    assert "900123" not in text.split("elsewhere")[0]
    assert caplog.records[-1].getMessage() == "anna@example.com"
