"""Workspace logins with throttling: a username is locked for a while after too many
failures in a row, and so is the address they came from, whatever username it tries.

The lock holds even for the right password (else guessing could go on, learning only from
the successes); a success clears the username's count. Counting goes through the
``Counters`` port, so with Redis the limit holds across every API process.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from frontline.domain.errors import FrontlineError, Unauthorized
from frontline.domain.staff import StaffUser
from frontline.services.accounts import authenticate_staff
from frontline.services.counters import Counters
from frontline.services.ports import Store

ADDRESS_FACTOR = 4  # an address may fail for a few usernames before it is throttled too


class LoginLocked(FrontlineError):
    code = "too_many_attempts"

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed logins: try again in {retry_after} seconds")
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class LoginThrottle:
    counters: Counters
    max_failures: int
    lockout_seconds: int


def log_in_staff(
    store: Store, throttle: LoginThrottle, username: str, password: str, address: str
) -> StaffUser:
    """The member of staff these credentials name, unless the username or address is locked."""
    keys = (f"login:user:{username.strip().lower()}", f"login:addr:{address}")
    limits = (throttle.max_failures, throttle.max_failures * ADDRESS_FACTOR)
    for key, limit in zip(keys, limits, strict=True):
        failures, left = throttle.counters.peek(key)
        if failures >= limit:
            raise LoginLocked(max(1, math.ceil(left)))
    try:
        staff = authenticate_staff(store, username, password)
    except Unauthorized:
        for key in keys:
            throttle.counters.hit(key, throttle.lockout_seconds)
        raise
    throttle.counters.clear(keys[0])
    return staff
