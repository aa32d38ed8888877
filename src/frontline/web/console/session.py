"""The staff session: a signed cookie (Starlette's SessionMiddleware) holding who logged in,
when they were last seen, and the CSRF token every state-changing form must echo.

A session idle for longer than ``session_lifetime_seconds`` is over: pages redirect to the
login, which returns to the page after (a draft reply survives in the browser).
"""

from __future__ import annotations

import hmac
import secrets
import time
from typing import Annotated
from urllib.parse import quote

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.requests import HTTPConnection

from frontline.bootstrap import Frontline
from frontline.domain.errors import Forbidden, Unauthorized
from frontline.domain.staff import StaffId, StaffUser
from frontline.services.access import access_staff

LOGIN_PATH = "/console/login"
CSRF_HEADER = "x-csrf-token"


def clock() -> float:
    return time.time()


class LoginRequired(Exception):
    """The page needs a live staff session; ``next_path`` is where to return after login."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def _frontline(connection: HTTPConnection) -> Frontline:
    frontline: Frontline = connection.app.state.frontline
    return frontline


def session_staff(connection: HTTPConnection) -> StaffUser:
    """The member of staff whose live session this is; raises ``Unauthorized`` otherwise."""
    session = connection.session
    lifetime = _frontline(connection).settings.session_lifetime_seconds
    seen = session.get("seen")
    if not isinstance(seen, int | float) or clock() - seen > lifetime:
        session.clear()
        raise Unauthorized("the session has expired")
    staff = access_staff(_frontline(connection).store, StaffId(session.get("staff_id", "")) or None)
    if clock() - seen > 60:  # slide the expiry, without a new cookie on every request
        session["seen"] = int(clock())
    return staff


def _return_path(request: Request) -> str:
    """Where the login should return: the page itself, or for a form post, the page it was on."""
    if request.method == "GET":
        path = request.url.path
        return f"{path}?{request.url.query}" if request.url.query else path
    referer = request.headers.get("referer", "")
    host = f"{request.url.scheme}://{request.url.netloc}"
    if referer.startswith(host + "/"):
        return referer[len(host) :]
    return "/console/inbox"


def current_staff(request: Request) -> StaffUser:
    try:
        return session_staff(request)
    except Unauthorized as exc:
        raise LoginRequired(_return_path(request)) from exc


def start_session(request: Request, staff: StaffUser) -> None:
    request.session.clear()
    request.session.update(staff_id=staff.id, seen=int(clock()), csrf=secrets.token_urlsafe(32))


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use (the login form needs one too)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def check_csrf(request: Request, sent: str | None) -> None:
    sent = sent or request.headers.get(CSRF_HEADER) or ""
    expected = request.session.get("csrf")
    if not isinstance(expected, str) or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise Forbidden("the form has expired; reload the page and try again")


def form_staff(request: Request, csrf_token: Annotated[str, Form()] = "") -> StaffUser:
    """For a state-changing form: a live session first (else to the login), then CSRF."""
    staff = current_staff(request)
    check_csrf(request, csrf_token)
    return staff


def safe_next(path: str | None) -> str:
    """Only same-site paths: ``//evil.example`` and absolute URLs go to the inbox."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/console/inbox"
    return path


def login_redirect(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, LoginRequired)
    target = f"{LOGIN_PATH}?next={quote(exc.next_path, safe='')}&expired=1"
    if request.headers.get("hx-request"):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


def install_session_handlers(app: FastAPI) -> None:
    app.add_exception_handler(LoginRequired, login_redirect)


Staff = Annotated[StaffUser, Depends(current_staff)]
FormStaff = Annotated[StaffUser, Depends(form_staff)]
