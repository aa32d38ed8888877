"""Personal data out of log lines: records of Frontline's loggers are redacted as they are made.

No log call of ours passes a message's text, and this keeps it so for calls that pass text by
accident (an error quoting its input, a traceback showing a value): the formatted message and
the exception text of every record of a ``frontline.*`` logger go through ``redact``. A record
factory does it, because a filter on the ``frontline`` logger would not see its children's
records.
"""

from __future__ import annotations

import logging
from typing import Any

from frontline.domain.pii import redact

_installed = False


def _redacted(record: logging.LogRecord) -> logging.LogRecord:
    if record.name == "frontline" or record.name.startswith("frontline."):
        record.msg, record.args = redact(record.getMessage()), ()
        if record.exc_info:  # formatters use exc_text when it is set
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
    return record


def install_log_redaction() -> None:
    """Wrap the process's log record factory, once."""
    global _installed  # noqa: PLW0603 - one process-wide switch, like logging's own state
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        return _redacted(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True
