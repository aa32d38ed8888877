"""The member of staff an API token acts for.

A staff token is an API token owned by a member of staff (``frontline tokens create --name
ana-laptop --user ana``); its calls act as that user, with that user's role and queues. A token
owned by nobody, or by a disabled user, is not a staff token.
"""

from __future__ import annotations

from frontline.domain.errors import Forbidden
from frontline.domain.staff import StaffUser
from frontline.services.ports import ApiToken, Store


def access_staff_by_token(store: Store, token: ApiToken) -> StaffUser:
    with store.transaction() as tx:
        owner = tx.access.token_owner(token.id)
        staff = tx.staff.get(owner) if owner is not None else None
    if staff is None or staff.disabled:
        raise Forbidden(
            f"the token {token.name!r} is not a staff token: create it with --user for an "
            "active member of staff"
        )
    return staff
