"""Helpers for the workspace tests: staff accounts, logging in, the CSRF token of a page."""

from __future__ import annotations

import re
from typing import Any

from customer_helpers import remember
from fastapi.testclient import TestClient

from frontline.bootstrap import Frontline
from frontline.domain.staff import Role, StaffUser
from frontline.services.accounts import create_staff_user

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def make_staff(
    frontline: Frontline, username: str, role: Role = Role.agent, queues: tuple[str, ...] = ()
) -> StaffUser:
    return create_staff_user(frontline.store, username, PASSWORD, role, queues=queues)


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page has no CSRF field"
    return found.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Log in and return the session's CSRF token."""
    page = client.get("/console/login")
    response = client.post(
        "/console/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/console/inbox").text)


def start_chat(client: TestClient, text: str = "Where is my order?", **extra: Any) -> str:
    response = client.post("/api/v1/conversations", json={"channel": "chat", "text": text, **extra})
    assert response.status_code == 201, response.text
    cid: str = remember(response.json())["id"]
    return cid


def post_form(client: TestClient, path: str, csrf: str, **fields: str) -> Any:  # the httpx response
    return client.post(path, data={"csrf_token": csrf, **fields}, follow_redirects=False)
