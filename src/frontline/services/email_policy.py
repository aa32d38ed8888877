"""How the email channel behaves, built once from the Settings in the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from frontline.channels.email.mime import AttachmentLimits
from frontline.domain.emails import CaseRule


@dataclass(frozen=True, slots=True)
class EmailPolicy:
    support_address: str  # where customers write, and what our replies come from
    support_name: str
    secret: str  # signs the reply tokens
    max_bytes: int  # the largest email accepted
    attachments: AttachmentLimits
    hourly_limit: int  # customer emails per sender per hour that the AI answers
    case_rule: CaseRule
    case_window: timedelta
    staff_domains: frozenset[str]  # forwarded mail from these is attributed to the original sender
    lease: timedelta  # how long a claimed email is left to the process that claimed it
    send_attempts: int
    relay_configured: bool

    @property
    def local_part(self) -> str:
        return self.support_address.split("@", 1)[0]

    @property
    def domain(self) -> str:
        return self.support_address.split("@", 1)[1]

    @property
    def own_addresses(self) -> frozenset[str]:
        return frozenset({self.support_address})

    def reply_address(self, token: str) -> str:
        return f"{self.local_part}+{token}@{self.domain}"
