"""Handing composed emails to the outbound SMTP relay (smtplib), optionally over STARTTLS.

Errors are sorted for the send job: ``RelayRefused`` (a 5xx: sending again will not help) and
``RelayUnavailable`` (connection trouble or a 4xx: retried with backoff)::

    RelayError
     ├── RelayRefused
     └── RelayUnavailable
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass


class RelayError(Exception):
    """The relay did not take the email."""


class RelayRefused(RelayError):
    """A permanent refusal (5xx)."""


class RelayUnavailable(RelayError):
    """A temporary failure: the relay is down, or answered 4xx."""


@dataclass(frozen=True, slots=True)
class SmtpRelay:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 30.0

    def send(self, sender: str, recipients: list[str], raw: bytes) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                refused = smtp.sendmail(sender, recipients, raw)
        except smtplib.SMTPRecipientsRefused as exc:
            raise _sorted(exc.recipients) from exc
        except smtplib.SMTPResponseException as exc:
            error = RelayRefused if 500 <= exc.smtp_code < 600 else RelayUnavailable
            raise error(f"{exc.smtp_code} {exc.smtp_error!r}") from exc
        except (OSError, smtplib.SMTPException) as exc:
            raise RelayUnavailable(str(exc) or type(exc).__name__) from exc
        if refused:
            raise _sorted(refused)


def _sorted(refused: dict[str, tuple[int, bytes]]) -> RelayError:
    codes = [code for code, _ in refused.values()]
    text = "; ".join(f"{who}: {code} {message!r}" for who, (code, message) in refused.items())
    return RelayRefused(text) if all(500 <= c < 600 for c in codes) else RelayUnavailable(text)
