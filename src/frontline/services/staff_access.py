"""The member of staff an API token acts for.

A staff token is an API token named after a staff user's username (``frontline tokens create
--name ana``); its calls act as that user, with that user's role and queues. A token named
after nobody, or after a disabled user, is not a staff token.
"""

from __future__ import annotations

from frontline.domain.errors import Forbidden
from frontline.domain.staff import StaffUser
from frontline.services.ports import ApiToken, Store


def access_staff_by_token(store: Store, token: ApiToken) -> StaffUser:
    with store.transaction() as tx:
        found = tx.staff.find_by_username(token.name.strip().lower())
    if found is None or found[0].disabled:
        raise Forbidden(
            f"the token {token.name!r} is not a staff token: name it after an active staff user"
        )
    return found[0]
