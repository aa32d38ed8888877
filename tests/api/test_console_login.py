"""Logging into the workspace: sessions, CSRF, expiry, and the cookie's flags."""

from __future__ import annotations

from dataclasses import replace

import pytest
from console_helpers import PASSWORD, csrf_of, log_in, make_staff, post_form, start_chat
from customer_helpers import customer_of
from fastapi.testclient import TestClient
from pydantic import SecretStr

from frontline.bootstrap import Frontline
from frontline.config import Environment, Settings
from frontline.web.app import create_app
from frontline.web.console import session


def test_that_a_visitor_cannot_open_the_inbox_without_logging_in(client: TestClient) -> None:
    # given nobody logged in
    # when the inbox is asked for
    response = client.get("/console/inbox?view=all", follow_redirects=False)

    # then the visitor is sent to the login, which will return to the inbox
    assert response.status_code == 303
    assert response.headers["location"].startswith("/console/login?next=%2Fconsole%2Finbox")


def test_that_an_agent_can_log_in_with_their_password(
    client: TestClient, frontline: Frontline
) -> None:
    # given an agent
    make_staff(frontline, "ana")

    # when they log in
    log_in(client, "ana")

    # then the inbox shows who they are
    page = client.get("/console/inbox")
    assert page.status_code == 200
    assert "ana" in page.text
    assert 'data-view="unassigned"' in page.text


def test_that_a_visitor_cannot_log_in_with_a_wrong_password(
    client: TestClient, frontline: Frontline
) -> None:
    # given an agent
    make_staff(frontline, "ana")
    csrf = csrf_of(client.get("/console/login").text)

    # when someone tries their username with another password
    response = client.post(
        "/console/login",
        data={"username": "ana", "password": "not the password", "csrf_token": csrf},
        follow_redirects=False,
    )

    # then the login is refused and the inbox stays closed
    assert response.status_code == 401
    assert "wrong username or password" in response.text
    assert client.get("/console/inbox", follow_redirects=False).status_code == 303


def test_that_a_visitor_cannot_log_in_without_the_forms_csrf_token(
    client: TestClient, frontline: Frontline
) -> None:
    # given an agent
    make_staff(frontline, "ana")

    # when a login is posted from elsewhere, without the login form's token
    response = client.post(
        "/console/login",
        data={"username": "ana", "password": PASSWORD, "csrf_token": "forged"},
        follow_redirects=False,
    )

    # then it is refused
    assert response.status_code == 403


def test_that_an_agent_cannot_change_a_conversation_without_the_csrf_token(
    client: TestClient, frontline: Frontline
) -> None:
    # given a logged-in agent and a waiting conversation
    make_staff(frontline, "ana")
    log_in(client, "ana")
    cid = start_chat(client)

    # when a take-over is posted with a wrong token (as a cross-site form would)
    response = post_form(client, f"/console/conversations/{cid}/take-over", "forged")

    # then it is refused and nothing changed
    assert response.status_code == 403
    assert (
        client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()["assignee"]
        is None
    )


def test_that_an_agent_can_log_in_and_land_where_they_were_going(
    client: TestClient, frontline: Frontline
) -> None:
    # given an agent following a link to a conversation while logged out
    make_staff(frontline, "ana")
    cid = start_chat(client)
    redirect = client.get(f"/console/conversations/{cid}", follow_redirects=False)
    login_page = client.get(redirect.headers["location"])

    # when they log in from that page
    response = client.post(
        "/console/login",
        data={
            "username": "ana",
            "password": PASSWORD,
            "csrf_token": csrf_of(login_page.text),
            "next": f"/console/conversations/{cid}",
        },
        follow_redirects=False,
    )

    # then they land on the conversation
    assert response.headers["location"] == f"/console/conversations/{cid}"


def test_that_a_visitor_cannot_use_the_login_to_redirect_to_another_site(
    client: TestClient, frontline: Frontline
) -> None:
    # given an agent and a login link crafted to leave the site
    make_staff(frontline, "ana")
    csrf = csrf_of(client.get("/console/login?next=//evil.example/").text)

    # when they log in
    response = client.post(
        "/console/login",
        data={
            "username": "ana",
            "password": PASSWORD,
            "csrf_token": csrf,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )

    # then they stay on the workspace
    assert response.headers["location"] == "/console/inbox"


def test_that_an_agent_with_an_expired_session_returns_to_the_conversation_after_login(
    client: TestClient, frontline: Frontline, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a logged-in agent on a conversation, whose session then sits idle too long
    make_staff(frontline, "ana")
    cid = start_chat(client)
    csrf = log_in(client, "ana")
    later = session.clock() + frontline.settings.session_lifetime_seconds + 5
    monkeypatch.setattr(session, "clock", lambda: later)

    # when they send the reply they were writing
    response = client.post(
        f"/console/conversations/{cid}/reply",
        data={"csrf_token": csrf, "text": "Your parcel left today."},
        headers={"Referer": f"http://testserver/console/conversations/{cid}"},
        follow_redirects=False,
    )

    # then nothing is sent, and the login will return them to the conversation and its draft
    assert response.status_code == 303
    assert response.headers["location"] == (
        f"/console/login?next=%2Fconsole%2Fconversations%2F{cid}&expired=1"
    )
    messages = client.get(f"/api/v1/conversations/{cid}", headers=customer_of(cid)).json()[
        "messages"
    ]
    assert [m["author_kind"] for m in messages] == ["customer"]
    login_page = client.get(response.headers["location"])
    assert "your draft is kept" in login_page.text


def test_that_the_session_cookie_is_httponly_and_samesite_lax(
    client: TestClient, frontline: Frontline
) -> None:
    # given an agent
    make_staff(frontline, "ana")
    csrf = csrf_of(client.get("/console/login").text)

    # when they log in
    response = client.post(
        "/console/login",
        data={"username": "ana", "password": PASSWORD, "csrf_token": csrf},
        follow_redirects=False,
    )

    # then the session cookie cannot be read by scripts nor sent by other sites' forms
    cookie = response.headers["set-cookie"].lower()
    assert "frontline_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" not in cookie  # the test server speaks plain http on localhost


def test_that_a_logged_out_agent_cannot_open_the_inbox_again(
    client: TestClient, frontline: Frontline
) -> None:
    # given a logged-in agent
    make_staff(frontline, "ana")
    csrf = log_in(client, "ana")

    # when they log out
    post_form(client, "/console/logout", csrf)

    # then the inbox needs a new login
    assert client.get("/console/inbox", follow_redirects=False).status_code == 303


def test_that_the_session_cookie_is_secure_when_cookies_must_travel_over_https(
    frontline: Frontline,
) -> None:
    # given a deployment behind https
    settings = frontline.settings.model_copy(update={"session_cookie_secure": True})
    make_staff(frontline, "ana")
    app = create_app(replace(frontline, settings=settings))
    with TestClient(app, base_url="https://testserver") as client:
        csrf = csrf_of(client.get("/console/login").text)

        # when an agent logs in
        response = client.post(
            "/console/login",
            data={"username": "ana", "password": PASSWORD, "csrf_token": csrf},
            follow_redirects=False,
        )

    # then the cookie is only ever sent over https
    assert "; secure" in response.headers["set-cookie"].lower()


def test_that_production_settings_default_to_secure_cookies() -> None:
    production = Settings(
        environment=Environment.production,
        secret_key=SecretStr("not the default"),
        _env_file=None,  # type: ignore[call-arg]  # pydantic-settings accepts it at run time
    )
    assert production.secure_cookies
    assert not Settings(_env_file=None).secure_cookies  # type: ignore[call-arg]
