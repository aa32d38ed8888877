"""Domain errors: what a service refuses, independent of any transport.

::

    FrontlineError
     ├── NotFound            an id that does not exist (or that the caller may not see)
     ├── InvalidInput        a value the rules refuse (too long, empty, wrong state, ...)
     ├── Conflict            the request contradicts the current state
     ├── Unauthorized        no valid credentials
     ├── Forbidden           valid credentials, not allowed
     └── RateLimited         too many requests from this customer just now: try again later

Transports map each class to one status code and the error shape ``{code, message}``.
"""

from __future__ import annotations


class FrontlineError(Exception):
    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(FrontlineError):
    code = "not_found"


class InvalidInput(FrontlineError):
    code = "invalid_input"


class Conflict(FrontlineError):
    code = "conflict"


class Unauthorized(FrontlineError):
    code = "unauthorized"


class Forbidden(FrontlineError):
    code = "forbidden"


class RateLimited(FrontlineError):
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after  # seconds until the window that refused it ends
