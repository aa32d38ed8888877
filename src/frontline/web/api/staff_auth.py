"""The ``StaffToken`` dependency: the member of staff the bearer token acts for."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from frontline.domain.staff import StaffUser
from frontline.services.staff_access import access_staff_by_token
from frontline.web.deps import frontline_of, require_token


def require_staff_token(request: Request) -> StaffUser:
    store = frontline_of(request).store
    return access_staff_by_token(store, require_token(request))


StaffToken = Annotated[StaffUser, Depends(require_staff_token)]
