"""Customers and the identities that recognise them across channels."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from frontline.domain.ids import CustomerId


class IdentityKind(StrEnum):
    email = "email"  # an email address, stored lower-cased
    phone = "phone"  # a phone number, stored as digits with an optional leading +
    handle = "handle"  # an external handle, "<network>:<handle>" (e.g. "twitter:@ana")


@dataclass(frozen=True, slots=True)
class Identity:
    kind: IdentityKind
    value: str


@dataclass(frozen=True, slots=True)
class Customer:
    id: CustomerId
    name: str | None
    created_at: datetime
    identities: tuple[Identity, ...] = field(default=())
    backoffice_user_id: str | None = None

    @property
    def email(self) -> str | None:
        return next((i.value for i in self.identities if i.kind is IdentityKind.email), None)

    @property
    def phone(self) -> str | None:
        return next((i.value for i in self.identities if i.kind is IdentityKind.phone), None)


_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f]+@[^@\s\x00-\x1f\x7f]+\.[^@\s\x00-\x1f\x7f]+$")


def normalize_email(value: str) -> str | None:
    value = value.strip().lower()
    return value if _EMAIL.match(value) and len(value) <= 254 else None


def normalize_phone(value: str) -> str | None:
    digits = re.sub(r"[^\d]", "", value)
    if not 7 <= len(digits) <= 15:
        return None
    return ("+" if value.strip().startswith("+") else "") + digits
